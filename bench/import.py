"""Time plan import: the four seed plans, and generated plans of 500 / 1,000 / 2,000 / 4,000 rows.
Then saving: the four seeds and the 2,000-row plan written to a fresh SQLite database, first import and re-import.

Run: ``python bench/import.py`` from the repository root. Prints best-of-N wall times.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.plan_import import parse_plan  # noqa: E402

PLAN_SEEDS = ("000", "002", "003", "004")  # 001 is prose without a plan table
SEEDS = [next((ROOT / "seeds" / "plans").glob(f"{prefix}_*.txt")) for prefix in PLAN_SEEDS]
WHEN = [
    "Ежеквартально", "2 раза в год", "Постоянно", "По запросам", "Декабрь 2023 года", "Ноябрь -Январь2023",
    "С 18 по 23 марта 2024 г", "В течение 2023/\n2024 учебного года", "01.08.2020\n01.08.2021\n31.11.2022",
    "I квартал 2024", "апрель-май 2024", "15.03.2024",
]  # fmt: skip
TITLES = [
    "Семинар-практикум для родителей детей с ОВЗ «Поощрение успехов»",
    "Заседание педагогического совета «Основные направления работы»",
    "Проведение районного конкурса «Раскрой свой мир» для обучающихся",
    "Разработка методических рекомендаций для педагогов",
]


def generated_plan(rows: int) -> bytes:
    lines = ["Календарный план работы", "на 2023/2024 учебный год"]
    header = ["№ п/п", "Мероприятия", "Сроки", "Ответственный", "Формы представления результатов"]
    lines += [f"\t{cell}" for cell in header] + [""]
    for n in range(1, rows + 1):
        if n % 50 == 1:
            lines += [f"\t{n // 50 + 1}. Раздел плана", ""]
        title = TITLES[n % len(TITLES)]
        lines += [f"\t{n}.", f"\t{title} № {n}", f"\t{WHEN[n % len(WHEN)]}", "\tЗаместитель директора", ""]
        lines += ["\tПротокол, фотоотчёт", ""] if n % 3 else ["\tПротокол,", "фотоотчёт", ""]
    return "\n".join(lines).encode()


def best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    seeds = [(path.read_bytes(), path.name) for path in SEEDS]

    def parse_seeds() -> None:
        for data, name in seeds:
            parse_plan(data, name)

    parse_seeds()  # warm up imports and regex compilation
    total = best_of(20, parse_seeds)
    events = sum(len(parse_plan(data, name).events) for data, name in seeds)
    print(f"four seed plans ({events} events): {total * 1000:.1f} ms (best of 20)")
    previous = None
    for rows in (500, 1000, 2000, 4000):
        data = generated_plan(rows)
        seconds = best_of(5, lambda data=data: parse_plan(data, "generated.txt"))
        plan = parse_plan(data, "generated.txt")
        assert len(plan.events) + len(plan.skipped) == rows
        per_row = seconds / rows * 1e6
        growth = f", x{seconds / previous:.2f} vs half the rows" if previous else ""
        print(f"generated {rows:>5} rows: {seconds * 1000:8.1f} ms ({per_row:.0f} µs/row{growth})")
        previous = seconds
    from db.migrate import upgrade

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        upgrade(url)
        asyncio.run(bench_saving(url, seeds, generated_plan(2000)))


async def bench_saving(url: str, seeds: list[tuple[bytes, str]], generated: bytes) -> None:
    """Parsed plans written through the import service: first import, then the same plans again."""
    from db.engine import create_engine, create_session_factory
    from services.plans.plans import PlanImportService

    plans = [parse_plan(data, name) for data, name in seeds]
    big = parse_plan(generated, "generated.txt")
    engine = create_engine(url)
    factory = create_session_factory(engine)
    tz = ZoneInfo("Europe/Moscow")
    try:
        for label, batch in (("four seed plans", plans), ("generated 2000 rows", [big])):
            for attempt in ("first import", "re-import"):
                started = time.perf_counter()
                async with factory() as session:
                    service = PlanImportService(session, tz)
                    results = [await service.import_as_system(plan) for plan in batch]
                seconds = time.perf_counter() - started
                added = sum(r.added for r in results)
                updated = sum(r.updated for r in results)
                print(
                    f"save {label}, {attempt} (SQLite): {seconds * 1000:.1f} ms "
                    f"(added {added}, updated {updated})"
                )
    finally:
        await engine.dispose()


if __name__ == "__main__":
    main()
