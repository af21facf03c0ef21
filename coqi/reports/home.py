"""The board report's menu item: every member and system viewer may read it."""

from coqi.core.navigation import nav_item

nav_item(label="Board report", url_name="reports:board-report", rule="reports.board_report", order=85)
