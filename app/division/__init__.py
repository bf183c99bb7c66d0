"""The division of labour, checked: the guide's principles as rules (DESIGN §3).

- `periods`: days, ISO weeks and date intervals; `?on=` / `?from=&to=`.
- `loads`: bulk reads (ids as text, days as numbers) and the numpy members × weeks grid.
- `data`: the few set-based queries a health check needs, for one campaign or all live ones.
- `rules`, `skill_rules`: findings from those rows (no database access).
- `settings`: the workspace's thresholds and suggestion weights (defaults until changed).
- `service`, `router`: `campaigns_health`, `workspaces_health`, `division_settings_*`.

Related packages: `app.workload` (members_workload, workload_heatmap), `app.skill_matrix`
(skills_matrix, skills_gaps), `app.staffing` (campaigns_staffing_suggestions, apply) and
`app.history` (assignments_history, written by `app.assignments.service`).

Which assignments count: those whose dates overlap the day or period asked (`starts_on`
through `ends_on`; without `ends_on`, while active). A campaign that does not run in the
period asked is checked on its own dates instead, so a planned campaign is checked against
the assignments planned for it.
"""
