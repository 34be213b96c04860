"""The chart's geometry and palette: one place for the loader and the drawing."""

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
ZOOMS = {DAY: 32, WEEK: 8, MONTH: 2}  # pixels per calendar day
DEFAULT_ZOOM = WEEK
WINDOW = 150  # rows per window on the page
MAX_WIDTH = 120_000  # pixels: a stray date in 2099 must not make a chart kilometres wide

ROW_H = 28
HEAD_H = 52
TIER_H = 22  # the upper tier of the time scale; the lower tier takes the rest
COLUMNS = {"wbs": 10, "name": 58, "start": 282, "finish": 370, "duration": 478}  # x of each
LEFT_W = 488
INDENT = 14
FONT = (
    "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', "
    "'Noto Sans CJK SC', 'Noto Sans SC', Roboto, 'Helvetica Neue', Arial, sans-serif"
)

# Tabler's palette, so the chart matches the pages around it.
INK, MUTED, LINE, GRID = "#1e293b", "#667382", "#e6e8eb", "#eef1f4"
BAR, BAR_DONE = "#90b8e6", "#1d60b0"
CRITICAL, CRITICAL_DONE = "#f0a3a3", "#d63939"
SUMMARY = "#3a4859"
BASELINE = "#a9b3be"
LINK, TODAY, NONWORKING, HEADER = "#7b8794", "#f76707", "#f1f3f6", "#f8f9fb"

TASK, SUMMARY_KIND, MILESTONE = "task", "summary", "milestone"
FINISH_SIDE_LINKS = {"FS", "FF"}
