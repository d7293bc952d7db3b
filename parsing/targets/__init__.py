"""Goal tracking: every goal in the fact store beside the actuals that measure it, with progress and status.

periods (a fact's `period` → goal basis, window, measured date) → goals (target facts merged into goals,
linked to actuals) → progress (baseline, latest, percent reached, status) → tracking (the tables the
dashboard and `python -m parsing targets` show) → stored (goals kept in the fact store: `refresh_goals` at
ingest, `load_goals` for the readers). The public API is re-exported here.
"""
from .tracking import (GOAL_COLUMNS, POINT_COLUMNS, STATUS_RULES, STATUSES, TargetTracking, export_frame,
                       filter_goals, track_store, track_targets)
from .stored import GoalBook, load_goals, refresh_goals

__all__ = ["GOAL_COLUMNS", "GoalBook", "POINT_COLUMNS", "STATUS_RULES", "STATUSES", "TargetTracking", "export_frame",
           "filter_goals", "load_goals", "refresh_goals", "track_store", "track_targets"]
