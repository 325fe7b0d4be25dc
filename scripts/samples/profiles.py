"""Who is in the sample data and what each State reports over time (the facts we choose).

Statuses follow the public lists in shared/domain.md ("Lists useful for realistic sample data");
completion years, needs, quantities and dates of submission are ILLUSTRATIVE. The figures these
profiles give under spec/statistics.md are the retreat slides' (37/8, 16/8, 12/7 for as-of 2025,
since 2021); ``model.intended_figures`` checks that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Article 4: the public list has 20 States (9 current, 11 completed); the slides count 16. These
# four are left out of the samples' Article 4 obligations: their sample reports mark Form F "not
# applicable". Chosen because their clearance was small or long finished (Grenada, Norway,
# Zambia) or is only "probably" on the list (United Kingdom).
ARTICLE4_LEFT_OUT: tuple[str, ...] = ("GBR", "GRD", "NOR", "ZMB")

# Article 5: the ISU lists 11 States; the slides count 12. The twelfth in the samples is
# South Sudan, ILLUSTRATIVE (its initial report says victims "yes"; not taken from a public list).
ARTICLE5_ILLUSTRATIVE: str = "SSD"

# Article 3: 41 States Parties have stockpiled; the slides count 37 that reported it. In the
# samples these four never report a Form B status: Cameroon and Guinea never report at all,
# Côte d'Ivoire's only initial report (a decade late) and Honduras's reports leave Form B blank.
ARTICLE3_NOT_REPORTED: tuple[str, ...] = ("CIV", "CMR", "GIN", "HND")

# The 41 States of the public stockpile list (domain.md, 2017).
ARTICLE3_LIST: tuple[str, ...] = (
    "AFG AUT BEL BIH BWA BGR CMR CAN CHL COL COG CIV HRV CUB CZE DNK ECU FRA DEU GIN GNB HND HUN "
    "IRQ ITA JPN MDA MNE MOZ NLD MKD NOR PER PRT SVK SVN ZAF ESP SWE CHE GBR"
).split()
ARTICLE4_LIST: tuple[str, ...] = (
    "AFG TCD CHL DEU IRQ LAO LBN MRT SOM ALB BIH COG HRV GRD GNB MNE MOZ NOR ZMB GBR"
).split()
ARTICLE5_LIST: tuple[str, ...] = "AFG ALB BIH TCD HRV GNB IRQ LAO LBN MNE SOM".split()

SD, CLR, RRE, VA = (
    "stockpile_destruction",
    "clearance",
    "risk_reduction_education",
    "victim_assistance",
)

Timeline = tuple[tuple[int, str], ...]  # (from reporting year, status "none"/"has"/"had")
HAS: Timeline = ((0, "has"),)


def had_from(year: int) -> Timeline:
    """Holding (or contaminated) until ``year``, completed from ``year`` on."""
    return ((0, "has"), (year, "had"))


@dataclass(frozen=True)
class Member:
    """A membership row (dates illustrative unless the partial list has them)."""

    iso3: str
    deposited: dt.date | None
    deposit_type: str = "ratification"
    signed: dt.date | None = None
    withdrawal: dt.date | None = None


@dataclass
class Profile:
    """What one State reports, year by year (statuses from timelines, needs by year)."""

    iso3: str
    language: str = "en"
    reliability: float = 0.85  # chance that an expected annual report exists
    late_rate: float = 0.12  # chance that a report is submitted after its due date
    art3: Timeline = ()
    art4: Timeline = ()
    victims: bool = False
    needs: dict[str, tuple[int, ...]] = field(default_factory=dict)  # area -> years declared
    donor: str | None = None  # currency of the assistance it reports as provided
    initial: bool = True  # submitted an initial report
    pinned: tuple[int, ...] = ()  # years always reported (edge cases rely on them)


P = Profile
PROFILES: tuple[Profile, ...] = (
    # --- the 41 of the stockpile list ---
    P(
        "AFG",
        reliability=0.75,
        late_rate=0.4,
        art3=had_from(2010),
        art4=HAS,
        victims=True,
        needs={
            CLR: (2015, 2019, 2021, 2022, 2023, 2025),
            RRE: (2022, 2024),
            VA: (2016, 2021, 2023, 2025),
        },
    ),
    P("AUT", art3=had_from(2010), donor="EUR"),
    P("BEL", language="fr", art3=had_from(2010), donor="EUR"),
    P(
        "BIH",
        art3=had_from(2021),
        art4=had_from(2023),
        victims=True,
        needs={SD: (2019, 2021), CLR: (2018, 2021, 2022), VA: (2018,)},
    ),
    P("BWA", reliability=0.55, late_rate=0.3, art3=had_from(2018)),
    P("BGR", art3=had_from(2023), needs={SD: (2019, 2021, 2022)}),
    P("CMR", language="fr", reliability=0.0, initial=False, art3=had_from(2014)),
    P("CAN", art3=had_from(2015), donor="CAD"),
    P("CHL", language="es", art3=had_from(2011), art4=HAS),
    # Colombia's clearance need is a trap: a need without Article 4 obligations never counts.
    P("COL", language="es", art3=had_from(2010), needs={CLR: (2022,)}),
    P(
        "COG",
        language="fr",
        reliability=0.5,
        late_rate=0.4,
        art3=had_from(2013),
        art4=had_from(2012),
    ),
    P("CIV", language="fr", reliability=0.0, art3=had_from(2016), pinned=(2025,)),
    P(
        "HRV",
        art3=had_from(2017),
        art4=had_from(2020),
        victims=True,
        needs={CLR: (2016, 2018, 2019)},
    ),
    P("CUB", language="es", reliability=0.7, art3=had_from(2021), needs={SD: (2018, 2019, 2021)}),
    P("CZE", art3=had_from(2015)),
    P("DNK", art3=had_from(2015), donor="DKK"),
    P("ECU", language="es", art3=had_from(2014)),
    P("FRA", language="fr", art3=had_from(2016), donor="EUR"),
    P("DEU", art3=had_from(2015), art4=HAS, donor="EUR", pinned=(2021,)),
    P("GIN", language="fr", reliability=0.0, initial=False, art3=had_from(2014)),
    P(
        "GNB",
        reliability=0.6,
        late_rate=0.5,
        art3=had_from(2021),
        art4=had_from(2012),
        victims=True,
        needs={SD: (2018, 2019)},
    ),
    P("HND", language="es", reliability=0.6, art3=had_from(2012)),
    P("HUN", art3=had_from(2015)),
    P(
        "IRQ",
        late_rate=0.35,
        art3=had_from(2020),
        art4=HAS,
        victims=True,
        needs={SD: (2021, 2022), CLR: (2019, 2021, 2023, 2024, 2025), VA: (2022, 2024)},
    ),
    P("ITA", art3=had_from(2015), donor="EUR"),
    P("JPN", art3=had_from(2015), donor="JPY", pinned=(2019, 2020, 2021, 2022)),
    P("MDA", reliability=0.7, art3=had_from(2010)),
    P("MNE", art3=had_from(2010), art4=had_from(2023), victims=True, needs={VA: (2019,)}),
    P("MOZ", reliability=0.5, late_rate=0.4, art3=had_from(2012), art4=had_from(2016)),
    P("NLD", art3=had_from(2014), donor="EUR"),
    P("MKD", art3=had_from(2010)),
    P("NOR", art3=had_from(2010), donor="NOK"),
    P("PER", language="es", art3=had_from(2023), needs={SD: (2018, 2019, 2020, 2021, 2022, 2023)}),
    P("PRT", art3=had_from(2011)),
    P("SVK", art3=had_from(2023), needs={SD: (2021, 2022)}),
    P("SVN", art3=had_from(2014), pinned=(2019,)),
    P("ZAF", art3=had_from(2022), needs={SD: (2020, 2021)}),
    P("ESP", language="es", art3=had_from(2010), donor="EUR"),
    P("SWE", art3=had_from(2015), donor="SEK"),
    P("CHE", art3=had_from(2019), donor="CHF"),
    P("GBR", art3=had_from(2013), donor="GBP"),
    # --- Article 4 / Article 5 States not on the stockpile list ---
    P(
        "TCD",
        language="fr",
        reliability=0.6,
        late_rate=0.4,
        art4=HAS,
        victims=True,
        needs={CLR: (2019, 2023), RRE: (2023,), VA: (2019, 2023, 2025)},
    ),
    P(
        "LAO",
        late_rate=0.2,
        art4=HAS,
        victims=True,
        needs={
            CLR: (2012, 2014, 2016, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025),
            RRE: (2018, 2021, 2023, 2025),
            VA: (2018, 2020, 2022, 2024, 2025),
        },
    ),
    P(
        "LBN",
        language="fr",
        art4=HAS,
        victims=True,
        needs={CLR: (2013, 2018, 2019, 2021, 2022, 2024), VA: (2021, 2024)},
    ),
    P(
        "MRT",
        language="fr",
        reliability=0.7,
        art4=((0, "has"), (2014, "had"), (2021, "has")),
        needs={CLR: (2022, 2024)},
    ),
    P(
        "SOM",
        reliability=0.5,
        late_rate=0.5,
        art4=HAS,
        victims=True,
        needs={CLR: (2022, 2024, 2025), RRE: (2022,), VA: (2022, 2025)},
    ),
    P("ALB", art4=had_from(2009), victims=True, needs={VA: (2013,)}),
    P("GRD", reliability=0.4, late_rate=0.5),
    P("ZMB", reliability=0.6, late_rate=0.3),
    P("SSD", victims=True, needs={VA: (2025,)}, pinned=(2025,)),
    # --- other States Parties (no obligations under Articles 3–5) ---
    P("NGA", pinned=(2024,)),
    P("LTU", pinned=(2022, 2023)),
    P("AUS", donor="AUD"),
    P("NZL", donor="NZD"),
    P("IRL", donor="EUR"),
    P("MEX", language="es"),
    P("GHA", reliability=0.55, late_rate=0.3),
    P("BFA", language="fr", reliability=0.5, late_rate=0.4),
    P("GTM", language="es", reliability=0.7),
    P("BOL", language="es", reliability=0.6),
)

# A signatory (not a State Party) that sends a voluntary report: it must never be counted. Its
# report declares Article 4 and 5 obligations and needs, so counting it would show 17/9 and 13/8.
SIGNATORY_VOLUNTARY: tuple[str, int] = ("AGO", 2022)

# Membership rows added to the partial list (dates illustrative; real names from the tracker's
# reference list). Lithuania's row of the partial list gets an illustrative deposit date.
ILLUSTRATIVE_MEMBERS: tuple[Member, ...] = (
    Member("HUN", dt.date(2012, 7, 3), signed=dt.date(2008, 12, 3)),
    Member("IRQ", dt.date(2013, 5, 14), signed=dt.date(2009, 11, 12)),
    Member("IRL", dt.date(2008, 12, 3), signed=dt.date(2008, 12, 3)),
    Member("ITA", dt.date(2011, 9, 21), signed=dt.date(2008, 12, 3)),
    Member("JPN", dt.date(2009, 7, 14), "acceptance", signed=dt.date(2008, 12, 3)),
    Member(
        "LTU", dt.date(2011, 3, 24), signed=dt.date(2008, 12, 3), withdrawal=dt.date(2025, 3, 6)
    ),
    Member("MDA", dt.date(2010, 2, 16), signed=dt.date(2008, 12, 3)),
    Member("MRT", dt.date(2012, 2, 1), signed=dt.date(2010, 4, 19)),
    Member("MEX", dt.date(2009, 5, 6), signed=dt.date(2008, 12, 3)),
    Member("MNE", dt.date(2010, 1, 25), signed=dt.date(2008, 12, 3)),
    Member("MOZ", dt.date(2011, 3, 14), signed=dt.date(2008, 12, 3)),
    Member("NLD", dt.date(2011, 2, 23), "acceptance", signed=dt.date(2008, 12, 3)),
    Member("NZL", dt.date(2009, 12, 22), signed=dt.date(2008, 12, 3)),
    Member("NGA", dt.date(2023, 2, 28), signed=dt.date(2009, 6, 12)),
    Member("MKD", dt.date(2009, 10, 8), signed=dt.date(2008, 12, 3)),
    Member("NOR", dt.date(2008, 12, 3), signed=dt.date(2008, 12, 3)),
    Member("PER", dt.date(2012, 9, 26), signed=dt.date(2008, 12, 3)),
    Member("PRT", dt.date(2011, 3, 9), signed=dt.date(2008, 12, 3)),
    Member("SVK", dt.date(2015, 7, 24), signed=dt.date(2008, 12, 3)),
    Member("SVN", dt.date(2009, 8, 19), signed=dt.date(2008, 12, 3)),
    Member("SOM", dt.date(2015, 9, 30), signed=dt.date(2008, 12, 3)),
    Member("ZAF", dt.date(2015, 5, 28), signed=dt.date(2008, 12, 3)),
    Member("ESP", dt.date(2009, 6, 17), signed=dt.date(2008, 12, 3)),
    Member("SWE", dt.date(2012, 4, 23), signed=dt.date(2008, 12, 3)),
    Member("GBR", dt.date(2010, 5, 4), signed=dt.date(2008, 12, 3)),
    Member("VUT", dt.date(2025, 9, 10), "accession"),
    Member("ZMB", dt.date(2009, 8, 12), signed=dt.date(2008, 12, 3)),
)
