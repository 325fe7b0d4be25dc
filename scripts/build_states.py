"""Build tracker/data/states.csv: every UN member and observer State, Cook Islands, Niue, Kosovo.

Names and French/Spanish translations come from pycountry (ISO 3166 and its translations);
display names follow UN usage; aliases cover the forms seen in Article 7 reports. Run it again
after upgrading pycountry: `python scripts/build_states.py`. The output is committed, and a test
rebuilds it (`--out FILE`) to check that the build still gives exactly that file.
"""

from __future__ import annotations

import csv
import gettext
import sys
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tracker.text import normalize

OUT = Path(__file__).resolve().parent.parent / "tracker" / "data" / "states.csv"

UN_MEMBERS = [
    "AFG",
    "ALB",
    "DZA",
    "AND",
    "AGO",
    "ATG",
    "ARG",
    "ARM",
    "AUS",
    "AUT",
    "AZE",
    "BHS",
    "BHR",
    "BGD",
    "BRB",
    "BLR",
    "BEL",
    "BLZ",
    "BEN",
    "BTN",
    "BOL",
    "BIH",
    "BWA",
    "BRA",
    "BRN",
    "BGR",
    "BFA",
    "BDI",
    "CPV",
    "KHM",
    "CMR",
    "CAN",
    "CAF",
    "TCD",
    "CHL",
    "CHN",
    "COL",
    "COM",
    "COG",
    "CRI",
    "CIV",
    "HRV",
    "CUB",
    "CYP",
    "CZE",
    "PRK",
    "COD",
    "DNK",
    "DJI",
    "DMA",
    "DOM",
    "ECU",
    "EGY",
    "SLV",
    "GNQ",
    "ERI",
    "EST",
    "SWZ",
    "ETH",
    "FJI",
    "FIN",
    "FRA",
    "GAB",
    "GMB",
    "GEO",
    "DEU",
    "GHA",
    "GRC",
    "GRD",
    "GTM",
    "GIN",
    "GNB",
    "GUY",
    "HTI",
    "HND",
    "HUN",
    "ISL",
    "IND",
    "IDN",
    "IRN",
    "IRQ",
    "IRL",
    "ISR",
    "ITA",
    "JAM",
    "JPN",
    "JOR",
    "KAZ",
    "KEN",
    "KIR",
    "KWT",
    "KGZ",
    "LAO",
    "LVA",
    "LBN",
    "LSO",
    "LBR",
    "LBY",
    "LIE",
    "LTU",
    "LUX",
    "MDG",
    "MWI",
    "MYS",
    "MDV",
    "MLI",
    "MLT",
    "MHL",
    "MRT",
    "MUS",
    "MEX",
    "FSM",
    "MCO",
    "MNG",
    "MNE",
    "MAR",
    "MOZ",
    "MMR",
    "NAM",
    "NRU",
    "NPL",
    "NLD",
    "NZL",
    "NIC",
    "NER",
    "NGA",
    "MKD",
    "NOR",
    "OMN",
    "PAK",
    "PLW",
    "PAN",
    "PNG",
    "PRY",
    "PER",
    "PHL",
    "POL",
    "PRT",
    "QAT",
    "KOR",
    "MDA",
    "ROU",
    "RUS",
    "RWA",
    "KNA",
    "LCA",
    "VCT",
    "WSM",
    "SMR",
    "STP",
    "SAU",
    "SEN",
    "SRB",
    "SYC",
    "SLE",
    "SGP",
    "SVK",
    "SVN",
    "SLB",
    "SOM",
    "ZAF",
    "SSD",
    "ESP",
    "LKA",
    "SDN",
    "SUR",
    "SWE",
    "CHE",
    "SYR",
    "TJK",
    "THA",
    "TLS",
    "TGO",
    "TON",
    "TTO",
    "TUN",
    "TUR",
    "TKM",
    "TUV",
    "UGA",
    "UKR",
    "ARE",
    "GBR",
    "TZA",
    "USA",
    "URY",
    "UZB",
    "VUT",
    "VEN",
    "VNM",
    "YEM",
    "ZMB",
    "ZWE",
]
UN_OBSERVERS = ["VAT", "PSE"]
OTHERS = ["COK", "NIU"]  # States not members of the UN that may join treaties (both CCM parties)

# UN-style display names where ISO's short name differs.
DISPLAY_EN = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "CZE": "Czechia",
}

# Forms seen in reports and lists that pycountry lacks (all languages mixed: matching is by
# normalised text).
EXTRA_ALIASES = {
    "BOL": ["Bolivia", "Bolivie", "Estado Plurinacional de Bolivia"],
    "CIV": ["Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast", "Costa de Marfil"],
    "COD": [
        "DR Congo",
        "DRC",
        "Congo, Democratic Republic of the",
        "République démocratique du Congo",
        "RDC",
        "República Democrática del Congo",
        "Congo (Democratic Republic of the)",
    ],
    "COG": [
        "Congo",
        "Republic of the Congo",
        "Congo-Brazzaville",
        "République du Congo",
        "República del Congo",
    ],
    "CZE": ["Czech Republic", "République tchèque", "República Checa", "Tchéquie", "Chequia"],
    "GBR": [
        "UK",
        "Great Britain",
        "United Kingdom of Great Britain and Northern Ireland",
        "Royaume-Uni",
        "Reino Unido",
    ],
    "LAO": [
        "Lao PDR",
        "Laos",
        "Lao",
        "Lao People's Democratic Republic",
        "RDP lao",
        "République démocratique populaire lao",
        "República Democrática Popular Lao",
    ],
    "LBN": ["Lebanon", "Liban", "Líbano"],
    "TCD": ["Chad", "Tchad"],
    "TUR": ["Türkiye", "Turkey", "Turquie", "Turquía", "Turkiye"],
    "VAT": ["Holy See", "Saint-Siège", "Santa Sede", "Vatican", "Vatican City"],
    "PSE": [
        "State of Palestine",
        "Palestine",
        "État de Palestine",
        "Estado de Palestina",
        "Palestina",
    ],
    "MKD": [
        "North Macedonia",
        "Macedonia",
        "Republic of North Macedonia",
        "Macédoine du Nord",
        "Macedonia del Norte",
        "The former Yugoslav Republic of Macedonia",
    ],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cabo Verde", "Cape Verde", "Cap-Vert"],
    "MDA": ["Moldova", "Republic of Moldova", "République de Moldova", "República de Moldova"],
    "GMB": ["The Gambia", "Gambia"],
    "BHS": ["The Bahamas"],
    "NLD": ["Netherlands", "The Netherlands", "Holland", "Pays-Bas", "Países Bajos"],
    "USA": ["United States", "USA", "US", "États-Unis", "Estados Unidos"],
    "RUS": ["Russia"],
    "SYR": ["Syria"],
    "VNM": ["Vietnam", "Viet Nam"],
    "IRN": ["Iran"],
    "KOR": ["South Korea", "Korea, Republic of"],
    "PRK": ["North Korea"],
    "TZA": ["Tanzania"],
    "VEN": ["Venezuela"],
    "FSM": ["Micronesia"],
    "BRN": ["Brunei"],
    "TLS": ["East Timor", "Timor-Leste"],
    "MMR": ["Burma"],
    "DEU": ["Germany", "Allemagne", "Alemania"],
    "KNA": ["Saint Kitts and Nevis", "St Kitts and Nevis"],
    "LCA": ["St Lucia"],
    "VCT": ["St Vincent and the Grenadines"],
    "BIH": ["Bosnia-Herzegovina", "Bosnia"],
    "COK": ["Cook Islands", "Îles Cook", "Islas Cook"],
    # UN Spanish short names where pycountry's translation differs (the other forms seen in
    # reports, such as "Congo, Rep." or "Netherlands (Kingdom of the)", are left to the general
    # rules of tracker/names.py rather than listed here).
    "NZL": ["Nueva Zelandia"],
    "TTO": ["Trinidad y Tabago"],
    "COM": ["Comoras"],
    "MDV": ["Maldivas"],
    "NIU": ["Niue", "Nioué"],
}

KOSOVO = ("XKX", "Kosovo", "Kosovo", "Kosovo", ["Kosova", "Republic of Kosovo"])


def translator(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])


def main(out: Path = OUT) -> None:
    assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)
    fr, es = translator("fr"), translator("es")
    rows = []
    owners: dict[str, str] = {}

    def add_aliases(iso3: str, names: list[str]) -> list[str]:
        kept = []
        for name in names:
            key = normalize(name)
            if not key:
                continue
            owner = owners.setdefault(key, iso3)
            if owner == iso3 and name not in kept:
                kept.append(name)
        return kept

    ordered = [(c, "un_member") for c in UN_MEMBERS] + [(c, "un_observer") for c in UN_OBSERVERS]
    ordered += [(c, "other") for c in OTHERS]
    # Display names and manual aliases claim their normalised forms first, so that "Congo"
    # stays the Republic of the Congo whatever a translation says.
    for iso3, _ in ordered:
        country = pycountry.countries.get(alpha_3=iso3)
        display = DISPLAY_EN.get(iso3, country.name)
        add_aliases(iso3, [display, *EXTRA_ALIASES.get(iso3, []), iso3])
    add_aliases(KOSOVO[0], [KOSOVO[1], *KOSOVO[4], KOSOVO[0]])
    for iso3, category in ordered:
        country = pycountry.countries.get(alpha_3=iso3)
        display = DISPLAY_EN.get(iso3, country.name)
        iso_names = [
            country.name,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
        ]
        name_fr, name_es = fr.gettext(country.name), es.gettext(country.name)
        translated = [name_fr, name_es]
        for n in iso_names[1:]:
            if n:
                translated += [fr.gettext(n), es.gettext(n)]
        aliases = add_aliases(
            iso3, [display, *EXTRA_ALIASES.get(iso3, []), *iso_names, *translated, iso3]
        )
        rows.append([iso3, category, display, name_fr, name_es, "|".join(aliases)])
    rows.append(
        [
            KOSOVO[0],
            "other",
            KOSOVO[1],
            KOSOVO[2],
            KOSOVO[3],
            "|".join([KOSOVO[1], *KOSOVO[4], KOSOVO[0]]),
        ]
    )
    rows.sort()
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["iso3", "category", "name_en", "name_fr", "name_es", "aliases"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} States to {out}")


if __name__ == "__main__":
    # `--out FILE` writes elsewhere (the tests check that a rebuild gives the committed file).
    main(Path(sys.argv[2]) if sys.argv[1:2] == ["--out"] and len(sys.argv) == 3 else OUT)
