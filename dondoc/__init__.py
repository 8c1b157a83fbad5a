"""dondoc: run a Vietnamese implementation plan (Kế hoạch …/KH-UBND) on Prefect."""

__version__ = "0.1.0"
