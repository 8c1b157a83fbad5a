"""Several plans at once: a folder of plan files, each checked against the one directory, refused alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .directory import Directory
from .errors import InvalidFiles, PlanError
from .loading import PlanFiles, load_directory, load_plan, plan_problems
from .plan import Plan, plan_slug
from .text import fold_key, numeric_date

PLAN_SUFFIXES = (".yaml", ".yml")


class UnknownPlan(PlanError):
    """A command names a plan that is not loaded, or names none while several are."""


def plan_key(plan: Plan) -> str:
    """A plan's readable key for deployment names, tags and artifacts: "86/KH-UBND" of 2023 → "86-kh-ubnd-2023"."""
    return f"{plan_slug(plan.number)}-{plan.date.year}"


def plan_paths(folder: Path) -> list[Path]:
    """The plan files of a folder (not its subfolders, which hold the source texts), in name order."""
    if not folder.is_dir():
        raise InvalidFiles([f"{folder}: không có thư mục kế hoạch (DONDOC_PLANS)"])
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix in PLAN_SUFFIXES and not p.name.startswith(".")
    )


@dataclass(frozen=True)
class PlanCatalogue:
    """The plans that loaded (by number, in file order) and the files that were refused, with every problem."""

    directory: Directory
    directory_path: Path
    plans: dict[str, PlanFiles]
    refused: dict[Path, list[str]] = field(default_factory=dict)

    @property
    def numbers(self) -> list[str]:
        return list(self.plans)

    def find(self, number: str | None) -> PlanFiles:
        """The plan named by its number ("86/KH-UBND", any case), its key ("86-kh-ubnd-2023") or slug;
        with no name, the only plan loaded."""
        if number is None or not number.strip():
            if len(self.plans) == 1:
                return next(iter(self.plans.values()))
            if not self.plans:
                if self.refused:
                    raise InvalidFiles([p for problems in self.refused.values() for p in problems])
                raise UnknownPlan("thư mục kế hoạch không có tệp kế hoạch nào (xem DONDOC_PLANS)")
            raise UnknownPlan(
                f"đang theo dõi {len(self.plans)} kế hoạch, cần chọn một bằng --plan SỐ: {self._listing()}"
            )
        wanted = fold_key(number.strip())
        for files in self.plans.values():
            plan = files.plan
            if wanted in (fold_key(plan.number), plan_slug(plan.number), plan_key(plan)):
                return files
        raise UnknownPlan(f"không có kế hoạch '{number}'; các kế hoạch đang nạp: {self._listing()}" + self._refusals())

    def _listing(self) -> str:
        return ", ".join(self.plans) or "(không có)"

    def _refusals(self) -> str:
        if not self.refused:
            return ""
        return "; các tệp bị từ chối:" + "".join(f"\n  {p}" for problems in self.refused.values() for p in problems)


def load_catalogue(paths: list[Path], directory_path: Path) -> PlanCatalogue:
    """Load every plan file against the directory; a plan with problems is refused alone, the others load.

    A broken directory refuses everything (InvalidFiles), since no plan can be checked without it.
    """
    directory = load_directory(directory_path)
    plans: dict[str, PlanFiles] = {}
    refused: dict[Path, list[str]] = {}
    for path in paths:
        try:
            plan = load_plan(path)
        except InvalidFiles as exc:
            refused[path] = exc.problems
            continue
        problems = plan_problems(plan, directory, path)
        if plan.number in plans:
            problems.append(
                f"{path}: trường 'number': số kế hoạch '{plan.number}' đã có trong {plans[plan.number].plan_path}"
            )
        if problems:
            refused[path] = problems
            continue
        plans[plan.number] = PlanFiles(plan, directory, path, directory_path)
    return PlanCatalogue(directory, directory_path, plans, refused)


def plan_state(plan: Plan, day: date) -> str:
    """'đang theo dõi', or 'đã kết thúc ngày 31/12/2026' for a plan that ended (retired) before `day`."""
    if plan.in_force_on(day):
        return (
            "đang theo dõi" if plan.ends_on is None else f"đang theo dõi (kết thúc ngày {numeric_date(plan.ends_on)})"
        )
    return f"đã kết thúc ngày {numeric_date(plan.ends_on)}"
