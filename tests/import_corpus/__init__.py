"""Import corpus (issue 17): spreadsheet layouts modelled on published county, municipal and provincial
power lists, each module a builder and what a correct import of it must give.

Each module has ``SOURCE`` (where the layout comes from and what was changed), ``build(path)`` (writes
the .xlsx with openpyxl in that layout) and ``EXPECTED``, plain data written from the sheet's meaning:

- ``headers``: {(sheet, ref): field}; a field is a Power attribute (generator/model.py: name, category,
  code, sub_items, basis, office, exercise_level, fee, fee_basis, responsibilities, accountability,
  audience, remarks ...) or ``seq`` (序号), ``group`` (a merged header over sub-columns), ``unit`` (实施主体:
  the exercising body, matched against the unit imported into, not a power field), ``limit`` (a time-limit
  column that does not say 法定 or 承诺), or None (a column the importer cannot know: its content goes to
  the power's internal notes, unpublished).
- ``powers``: in sheet order; fields the sheet does not give are left out. ``rows`` lists the
  (sheet, row) pairs a power is read from. ``category`` None means the sheet does not say it. A basis
  ``level`` None means the importer must ask. Limits are (number, "工作日" | "日"); 即办 is 0;
  ("3个月", "finding") must be reported, not converted. ``internal_notes`` lists texts that must be
  kept unpublished.
- ``findings``: (sheet, ref, why) cells the import must put to a person; ``copied``: 同上 cells;
  ``ignored``: titles, notes, totals and other non-content cells.
"""

LAYOUTS = [
    "hunan_health_permits",
    "shanxi_land_codes",
    "hebei_land_sheets",
    "hunan_relics_two_sheets",
    "subitems_rows_and_codes",
    "wushan_service_catalogue",
    "huarong_cards",
]
