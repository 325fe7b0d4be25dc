"""The words of layout ``ccm-a7/1`` in English, French and Spanish (spec: article7-workbook.md).

Only what the sample writer needs; the tracker's own layout data is the reference for reading.
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("en", "fr", "es")
Words = tuple[str, str, str]  # (en, fr, es)


def word(words: Words, language: str) -> str:
    """The word in ``language`` (one of :data:`LANGUAGES`)."""
    return words[LANGUAGES.index(language)]


COVER_SHEET: Words = ("Cover", "Couverture", "Portada")
FORM_SHEET_PREFIX: Words = ("Form", "Formulaire", "Formulario")
NOTES_SHEET: Words = ("Notes", "Notes", "Notas")

LABELS: dict[str, Words] = {
    # Cover
    "state": ("State", "État", "Estado"),
    "report_type": ("Report type", "Type de rapport", "Tipo de informe"),
    "period_from": ("Reporting period from", "Période couverte du", "Período desde"),
    "period_to": ("Reporting period to", "Période couverte au", "Período hasta"),
    "submitted": ("Date of submission", "Date de soumission", "Fecha de presentación"),
    "organisation": ("Organisation", "Organisation", "Organización"),
    "contact": ("Contact name", "Nom du contact", "Nombre de contacto"),
    "email": ("Email", "Courriel", "Correo electrónico"),
    "telephone": ("Telephone", "Téléphone", "Teléfono"),
    "layout": ("Layout", "Modèle", "Modelo"),
    "form": ("Form", "Formulaire", "Formulario"),
    "status": ("Status", "Statut", "Situación"),
    "last_reported": ("Last reported", "Dernier rapport", "Último informe"),
    # Shared
    "summary": ("Summary", "Résumé", "Resumen"),
    "deadline": ("Deadline", "Échéance", "Plazo"),
    "extension": (
        "Extension granted until",
        "Prolongation accordée jusqu'au",
        "Prórroga concedida hasta",
    ),
    # Form A
    "measure": ("Measure", "Mesure", "Medida"),
    "measure_type": ("Type", "Type", "Tipo"),
    "date_adopted": ("Date adopted", "Date d'adoption", "Fecha de adopción"),
    # Form B
    "art3_status": ("Article 3 status", "Statut article 3", "Estado artículo 3"),
    "destruction_completed_on": (
        "Destruction completed on",
        "Destruction achevée le",
        "Destrucción completada el",
    ),
    "stock_type": ("Type", "Type", "Tipo"),
    "munitions_held": ("Munitions held", "Munitions détenues", "Municiones en existencia"),
    "submunitions_held": (
        "Submunitions held",
        "Sous-munitions détenues",
        "Submuniciones en existencia",
    ),
    "type_destroyed": ("Type destroyed", "Type détruit", "Tipo destruido"),
    "munitions_destroyed": ("Munitions destroyed", "Munitions détruites", "Municiones destruidas"),
    "submunitions_destroyed": (
        "Submunitions destroyed",
        "Sous-munitions détruites",
        "Submuniciones destruidas",
    ),
    "method": ("Method", "Méthode", "Método"),
    "site": ("Site", "Site", "Lugar"),
    # Form F
    "art4_status": ("Article 4 status", "Statut article 4", "Estado artículo 4"),
    "clearance_completed_on": (
        "Clearance completed on",
        "Dépollution achevée le",
        "Limpieza completada el",
    ),
    "location": ("Location", "Emplacement", "Ubicación"),
    "area_status": ("Area status", "Statut de la zone", "Estado de la zona"),
    "area_m2": ("Area (m2)", "Superficie (m2)", "Superficie (m2)"),
    "cleared_m2": (
        "Cleared in period (m2)",
        "Dépolluée pendant la période (m2)",
        "Limpiada en el período (m2)",
    ),
    # Form G
    "activity": ("Activity", "Activité", "Actividad"),
    "people_reached": ("People reached", "Personnes atteintes", "Personas alcanzadas"),
    # Form H
    "victims": (
        "Cluster munition victims under jurisdiction or control",
        "Victimes d'armes à sous-munitions sous juridiction ou contrôle",
        "Víctimas de municiones en racimo bajo jurisdicción o control",
    ),
    "recorded_victims": ("Recorded victims", "Victimes recensées", "Víctimas registradas"),
    "focal_point": (
        "Government focal point",
        "Point focal gouvernemental",
        "Punto focal gubernamental",
    ),
    "national_plan": ("National plan in place", "Plan national en place", "Plan nacional vigente"),
    # Form I
    "area": ("Area", "Domaine", "Área"),
    "assistance_needed": ("Assistance needed", "Assistance requise", "Asistencia requerida"),
    "description": ("Description", "Description", "Descripción"),
    "estimated_cost": ("Estimated cost", "Coût estimé", "Costo estimado"),
    "currency": ("Currency", "Monnaie", "Moneda"),
    "article": ("Article", "Article", "Artículo"),
    "amount": ("Amount", "Montant", "Monto"),
    "resource_type": ("Type", "Type", "Tipo"),
    "recipient": ("Recipient", "Bénéficiaire", "Beneficiario"),
    "flow": ("Flow", "Flux", "Flujo"),
    "year": ("Year", "Année", "Año"),
}

REPORT_TYPES: dict[str, Words] = {
    "initial": ("Initial", "Initial", "Inicial"),
    "annual": ("Annual", "Annuel", "Anual"),
}
FORM_STATUSES: dict[str, Words] = {
    "changed": ("changed", "modifié", "modificado"),
    "unchanged": ("unchanged", "inchangé", "sin cambios"),
    "not_applicable": ("not applicable", "non applicable", "no aplicable"),
    "not_provided": ("", "", ""),
}
ART3_VALUES: dict[str, Words] = {
    "none": ("never held", "jamais détenu", "nunca poseído"),
    "has": ("holds stockpiles", "détient des stocks", "posee existencias"),
    "had": ("destruction completed", "destruction achevée", "destrucción completada"),
}
ART4_VALUES: dict[str, Words] = {
    "none": ("no contamination", "aucune contamination", "sin contaminación"),
    "has": ("contaminated", "contaminé", "contaminado"),
    "had": ("clearance completed", "dépollution achevée", "limpieza completada"),
}
YES_NO: dict[bool, Words] = {True: ("yes", "oui", "sí"), False: ("no", "non", "no")}
AREA_STATUSES: dict[str, Words] = {
    "confirmed": ("confirmed", "confirmée", "confirmada"),
    "suspected": ("suspected", "suspectée", "sospechosa"),
}
NEED_AREAS: dict[str, Words] = {
    "stockpile_destruction": (
        "Stockpile destruction",
        "Destruction des stocks",
        "Destrucción de existencias",
    ),
    "clearance": ("Clearance", "Dépollution", "Limpieza"),
    "risk_reduction_education": (
        "Risk reduction education",
        "Éducation à la réduction des risques",
        "Educación sobre reducción de riesgos",
    ),
    "victim_assistance": (
        "Victim assistance",
        "Assistance aux victimes",
        "Asistencia a las víctimas",
    ),
    "other": ("Other", "Autre", "Otra"),
}
RESOURCE_TYPES: dict[str, Words] = {
    "financial": ("financial", "financier", "financiero"),
    "material": ("material", "matériel", "material"),
    "in_kind": ("in kind", "en nature", "en especie"),
}
FLOWS: dict[str, Words] = {
    "pledged": ("pledged", "annoncé", "prometido"),
    "committed": ("committed", "engagé", "comprometido"),
    "disbursed": ("disbursed", "décaissé", "desembolsado"),
}
GLOBAL: Words = ("global", "mondial", "mundial")

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}


def text_date(day: dt.date, language: str, style: str) -> str:
    """A date written as text the way a person types it (``long`` or ``slashes``)."""
    if style == "slashes":
        return day.strftime("%d/%m/%Y")
    month = _MONTHS[language][day.month - 1]
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"
