"""The municipality's kommungrupp, from SKR's published Kommungruppsindelning.

SKR (Sveriges Kommuner och Regioner) publishes the grouping of the 290 municipalities as a
workbook ("Kommungruppsindelning 2023": Kommunkod, Kommun, Huvudgrupp, Gruppkod, Kommungrupp
2023). The project does not bundle it: a program that rates against its kommungrupp names the
file (`kommungrupper:`), and the group's members become the Kolada rule's group.
"""

from __future__ import annotations

from pathlib import Path

from sources.columns import match_columns
from sources.tabular import UnreadableFile, as_text, read_tables

GROUP_COLUMNS = {
    "code": ("kommunkod", "kommun_kod", "kod", "municipality_id"),
    "group": ("kommungrupp_2023", "kommungrupp_2017", "kommungrupp", "gruppnamn"),
    "group_code": ("gruppkod", "grupp_kod"),
}


def municipality_group(path: Path, code: object) -> dict:
    """{'name': 'Större stad (B3)', 'members': [...]} for the municipality with `code`."""
    try:
        tables = read_tables(Path(path), [GROUP_COLUMNS]).tables
    except (UnreadableFile, OSError) as exc:
        raise ValueError(f"filen {path} kan inte läsas ({exc})") from None
    for table in tables:
        found = match_columns(table.headers, GROUP_COLUMNS)
        if "code" not in found or ("group" not in found and "group_code" not in found):
            continue
        key = found.get("group", found.get("group_code"))
        rows = {}
        for _, cells in table.rows:
            cell = as_text(cells[found["code"]]) if found["code"] < len(cells) else None
            group = as_text(cells[key]) if key < len(cells) else None
            if cell and group:
                rows[cell.strip().zfill(4)] = (group.strip(), as_text(cells[found["group_code"]])
                                               if "group_code" in found and found["group_code"] < len(cells) else None)
        if str(code) not in rows:
            raise ValueError(f"kommunen {code} finns inte i {Path(path).name}")
        group, group_code = rows[str(code)]
        members = sorted(member for member, (name, _) in rows.items() if name == group)
        label = f"{group} ({group_code})" if group_code and group_code != group else group
        return {"name": label, "members": members}
    raise ValueError(f"{Path(path).name} har inte kolumnerna Kommunkod och Kommungrupp (SKR:s kommungruppsindelning)")
