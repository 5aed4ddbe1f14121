"""How much a synthetic country holds: the three presets of `giamsat synth --scale`.

Numbers per province follow issue 7: about 40 province-level organizations (departments, boards, Party and
mass organizations, press), 100 communes, about 6,000 tasks (the provincial plan has about 1,000 of them, the
size of a province's aggregated report), 24 months of history with about 25 progress updates per task, and
about 60,000 indicator values (25 commune indicators reported monthly by every commune).
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int
    province_orgs: int  # province-level organizations per province (the first N of vocab.PROVINCE_ORGS)
    communes: int  # commune-level units per province (from 1 July 2025)
    districts: int  # district-level units per province, abolished on 1 July 2025 (succeeded by communes)
    ministries: int  # central ministries leading the tasks of the Government's programme
    central_tasks: int  # tasks of the Government's programme (Nghị quyết 71/NQ-CP)
    program_tasks: int  # tasks of the provincial Party committee's action programme
    plan_tasks: int  # tasks of the provincial People's Committee's plan (the aggregated report's document)
    agency_plan_tasks: int  # tasks of each province-level organization's own implementation plan
    commune_plan_tasks: int  # tasks of each commune's plan
    reports_per_month: float  # progress reports per month by each lead of an active task
    commune_indicators: int  # indicators every commune reports monthly
    province_indicators: int  # indicators reported by their responsible department, quarterly or yearly
    feedback_items: int = 3000  # citizens' feedback per province over the last year (national: ≈100,000)
    # PostgreSQL: drop secondary indexes and foreign keys of empty tables during the load, rebuild them once
    # after. Worth it from tens of thousands of rows; for a few thousand the DDL costs more than it saves.
    rebuild_indexes: bool = True

    def times(self, factor: int) -> "Scale":
        """The same organizations and users with `factor` times the tasks (for query-count tests)."""
        return replace(
            self,
            name=f"{self.name}x{factor}",
            program_tasks=self.program_tasks * factor,
            plan_tasks=self.plan_tasks * factor,
            agency_plan_tasks=self.agency_plan_tasks * factor,
            commune_plan_tasks=self.commune_plan_tasks * factor,
        )


NATIONAL = Scale(
    name="national",
    provinces=34,
    province_orgs=40,
    communes=100,
    districts=8,
    ministries=8,
    central_tasks=40,
    program_tasks=30,
    plan_tasks=1000,
    agency_plan_tasks=70,
    commune_plan_tasks=27,
    reports_per_month=2.2,
    commune_indicators=25,
    province_indicators=15,
)
PROVINCE = replace(NATIONAL, name="province", provinces=1)
SMALL = Scale(
    name="small",
    provinces=2,
    province_orgs=9,
    communes=5,
    districts=1,
    ministries=2,
    central_tasks=5,
    program_tasks=4,
    plan_tasks=60,
    agency_plan_tasks=6,
    commune_plan_tasks=4,
    reports_per_month=1.0,
    commune_indicators=3,
    province_indicators=2,
    feedback_items=20,
    rebuild_indexes=False,
)

SCALES = {s.name: s for s in (SMALL, PROVINCE, NATIONAL)}
