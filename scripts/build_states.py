"""Build tracker/data/states.csv: every UN member and observer State, Cook Islands, Niue, Kosovo.

Names and their French, Spanish, Arabic, Chinese (simplified, pycountry's ``zh_CN``) and Russian
translations come from pycountry (ISO 3166 and its translations); display names follow UN usage
(where pycountry's translation differs, or inverts a name as ISO lists do: ``كوريا، جمهورية
كوريا``); aliases cover the forms seen in Article 7 reports. Arabic names are written without
tashkeel, as UN texts write them, and both spellings of "democratic" (``الديموقراطية``,
``الديمقراطية``) are kept. Run it again after upgrading pycountry: `python
scripts/build_states.py`. The output is committed, and a test rebuilds it (`--out FILE`) to check
that the build still gives exactly that file.
"""

from __future__ import annotations

import csv
import gettext
import re
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

# UN names in Arabic, Chinese and Russian where pycountry's translation of the ISO short name
# differs from the UN's (an inverted ISO form, an old name, a short form the UN does not use).
DISPLAY_OTHER: dict[str, dict[str, str]] = {
    "ar": {
        "BOL": "دولة بوليفيا المتعددة القوميات",
        "COD": "جمهورية الكونغو الديمقراطية",
        "FSM": "ولايات ميكرونيزيا الموحدة",
        "GBR": "المملكة المتحدة",
        "IRN": "جمهورية إيران الإسلامية",
        "KOR": "جمهورية كوريا",
        "LAO": "جمهورية لاو الديمقراطية الشعبية",
        "PRK": "جمهورية كوريا الشعبية الديمقراطية",
        "SYR": "الجمهورية العربية السورية",
        "TUR": "تركيا",
        "TZA": "جمهورية تنزانيا المتحدة",
        "VEN": "جمهورية فنزويلا البوليفارية",
        "VNM": "فييت نام",
    },
    "zh": {
        "BOL": "多民族玻利维亚国",
        "FSM": "密克罗尼西亚联邦",
        "PSE": "巴勒斯坦国",
        "TZA": "坦桑尼亚联合共和国",
        "GBR": "大不列颠及北爱尔兰联合王国",
    },
    "ru": {
        "BOL": "Многонациональное Государство Боливия",
        "IRN": "Исламская Республика Иран",
        "PSE": "Государство Палестина",
        "TZA": "Объединенная Республика Танзания",
        "GBR": "Соединенное Королевство",
    },
}

# Forms seen in reports and lists in Arabic, Chinese and Russian that pycountry lacks.
EXTRA_OTHER: dict[str, list[str]] = {
    "AFG": ["أفغانستان", "阿富汗", "Афганистан"],
    "BIH": ["البوسنة والهرسك", "波黑", "波斯尼亚和黑塞哥维那", "Босния и Герцеговина"],
    "BOL": ["بوليفيا", "玻利维亚", "Боливия"],
    "CIV": ["كوت ديفوار", "科特迪瓦", "Кот-д'Ивуар"],
    "COD": [
        "الكونغو الديمقراطية",
        "刚果（金）",
        "刚果民主共和国",
        "民主刚果",
        "ДР Конго",
        "ДРК",
        "Демократическая Республика Конго",
    ],
    "COG": ["جمهورية الكونغو", "刚果（布）", "刚果共和国", "Республика Конго", "Конго-Браззавиль"],
    "CZE": ["تشيكيا", "الجمهورية التشيكية", "捷克", "捷克共和国", "Чехия", "Чешская Республика"],
    "GBR": [
        "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "英国",
        "Великобритания",
        "Соединенное Королевство Великобритании и Северной Ирландии",
    ],
    "IRN": ["إيران", "伊朗", "Иран"],
    "IRQ": ["العراق", "جمهورية العراق", "伊拉克", "Ирак"],
    "KOR": ["كوريا الجنوبية", "韩国", "Южная Корея"],
    "LAO": ["لاوس", "老挝", "Лаос", "Лаосская НДР"],
    "LBN": ["لبنان", "الجمهورية اللبنانية", "黎巴嫩", "Ливан"],
    "MDA": ["مولدوفا", "摩尔多瓦", "Молдавия", "Молдова"],
    "MDV": ["المالديف", "جزر المالديف", "马尔代夫", "Мальдивы"],
    "MKD": ["مقدونيا الشمالية", "北马其顿", "Северная Македония"],
    "PRK": ["كوريا الشمالية", "朝鲜", "Северная Корея", "КНДР"],
    "PSE": ["دولة فلسطين", "فلسطين", "巴勒斯坦", "Палестина"],
    "RUS": ["روسيا", "الاتحاد الروسي", "俄罗斯", "俄罗斯联邦", "Россия", "Российская Федерация"],
    "SOM": ["الصومال", "جمهورية الصومال الفيدرالية", "索马里", "Сомали"],
    "SYR": [
        "سوريا",
        "سورية",
        "叙利亚",
        "阿拉伯叙利亚共和国",
        "Сирия",
        "Сирийская Арабская Республика",
    ],
    "TCD": ["تشاد", "乍得", "Чад"],
    "TUR": ["جمهورية تركيا", "土耳其", "土耳其共和国", "Турция", "Турецкая Республика"],
    "USA": ["الولايات المتحدة", "الولايات المتحدة الأمريكية", "美国", "美利坚合众国", "США"],
    "VAT": ["الكرسي الرسولي", "教廷", "梵蒂冈", "Святой Престол", "Ватикан"],
    "VNM": ["فيتنام", "越南", "Вьетнам"],
}

# pycountry's locales for the three languages (its Chinese is ``zh_CN``: simplified, as the UN).
OTHER_LOCALES = {"ar": "ar", "zh": "zh_CN", "ru": "ru"}
_TASHKEEL = re.compile("[\u064b-\u0652\u0670]")

HEADER = [
    *("iso3", "category", "name_en", "name_fr", "name_es"),
    *("name_ar", "name_zh", "name_ru", "aliases"),
]
KOSOVO = ("XKX", "Kosovo", "Kosovo", "Kosovo", ["Kosova", "Republic of Kosovo"])
KOSOVO_OTHER = {"ar": "كوسوفو", "zh": "科索沃", "ru": "Косово"}


def arabic_forms(name: str) -> list[str]:
    """An Arabic name without tashkeel, in both spellings of "democratic"."""
    plain = _TASHKEEL.sub("", name)
    return list(dict.fromkeys([plain, plain.replace("ديموقراطي", "ديمقراطي")]))


def translator(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])


def other_names(iso3: str, iso_names: list[str]) -> tuple[list[str], list[str]]:
    """The Arabic, Chinese and Russian display names of a State, and their other forms."""
    display: list[str] = []
    forms: list[str] = []
    for lang, locale in OTHER_LOCALES.items():
        tr = translator(locale)
        translated = [tr.gettext(n) for n in iso_names if n]
        name = DISPLAY_OTHER[lang].get(iso3, translated[0])
        if lang == "ar":
            name = arabic_forms(name)[0]
            translated = [f for t in translated for f in arabic_forms(t)]
        display.append(name)
        forms += [name, *translated]
    return display, forms


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
        curated = [names[iso3] for names in DISPLAY_OTHER.values() if iso3 in names]
        add_aliases(iso3, [*curated, *EXTRA_OTHER.get(iso3, [])])
    add_aliases(KOSOVO[0], [KOSOVO[1], *KOSOVO[4], KOSOVO[0], *KOSOVO_OTHER.values()])
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
        others, other_forms = other_names(iso3, iso_names)
        aliases = add_aliases(
            iso3,
            [
                display,
                *EXTRA_ALIASES.get(iso3, []),
                *iso_names,
                *translated,
                iso3,
                *other_forms,
                *EXTRA_OTHER.get(iso3, []),
            ],
        )
        rows.append([iso3, category, display, name_fr, name_es, *others, "|".join(aliases)])
    rows.append(
        [
            KOSOVO[0],
            "other",
            KOSOVO[1],
            KOSOVO[2],
            KOSOVO[3],
            *KOSOVO_OTHER.values(),
            "|".join([KOSOVO[1], *KOSOVO[4], KOSOVO[0], *KOSOVO_OTHER.values()]),
        ]
    )
    rows.sort()
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"wrote {len(rows)} States to {out}")


if __name__ == "__main__":
    # `--out FILE` writes elsewhere (the tests check that a rebuild gives the committed file).
    main(Path(sys.argv[2]) if sys.argv[1:2] == ["--out"] and len(sys.argv) == 3 else OUT)
