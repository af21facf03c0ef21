"""The board report's menu item: every member and system viewer may read it."""

from coqi.core.navigation import NavItem

BOARD_REPORT_ITEM = NavItem(label="Board report", url_name="reports:board-report", rule="reports.board_report")
