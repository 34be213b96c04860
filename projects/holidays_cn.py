"""Chinese public holidays and 调休 working weekends, from the maintained `holidays` package."""

import datetime as dt

import holidays


def china_exceptions(years) -> dict[dt.date, tuple[bool, str]]:
    """{date: (working, name)} for the given years: days off on weekdays, and the weekend days
    that are working days because a holiday was moved (调休).

    The State Council publishes next year's 调休 late in the year; until the package carries it,
    only the statutory holidays of that year are known (edit the calendar when it is out).
    """
    years = sorted(set(years))
    calendar = holidays.China(years=years, language="zh_CN")
    result: dict[dt.date, tuple[bool, str]] = {}
    for day, name in sorted(calendar.items()):
        if day.weekday() < 5:
            result[day] = (False, name)
    for day in sorted(calendar.weekend_workdays):
        if day.year in years:
            result[day] = (True, "调休上班")
    return result
