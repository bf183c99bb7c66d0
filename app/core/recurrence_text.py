"""A recurrence rule in words, in English or Chinese ("every week on Friday" / "每周五").

    describe("FREQ=MONTHLY;BYDAY=-1FR", "zh-CN")   # 每月最后一个周五
    describe("FREQ=DAILY;INTERVAL=3;COUNT=5", "en")  # every 3 days, 5 times

Day names and lists come from Babel (CLDR); the sentence patterns are catalog messages.
"""

from datetime import datetime

from babel.dates import format_date, get_day_names
from babel.lists import format_list

from app.core.i18n import N_, babel_locale, translations
from app.core.rrule import ByDay, Freq, Rule, parse

_POSITIONS = {
    1: N_("the first {day}"),
    2: N_("the second {day}"),
    3: N_("the third {day}"),
    4: N_("the fourth {day}"),
    5: N_("the fifth {day}"),
    -1: N_("the last {day}"),
    -2: N_("the second-to-last {day}"),
    -3: N_("the third-to-last {day}"),
    -4: N_("the fourth-to-last {day}"),
    -5: N_("the fifth-to-last {day}"),
}
_EVERY = {
    Freq.daily: N_("every day"),
    Freq.weekly: N_("every week"),
    Freq.monthly: N_("every month"),
}
_EVERY_ON = {
    Freq.weekly: N_("every week on {days}"),
    Freq.monthly: N_("every month on {days}"),
}
WORKING_DAYS = tuple(ByDay(day) for day in range(5))


def _ordinal_en(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class _Words:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.cldr = babel_locale(locale)
        self.catalog = translations(locale)
        # 周五 / Friday
        self.day_names = get_day_names(
            "abbreviated" if locale == "zh-CN" else "wide", locale=self.cldr
        )

    def say(self, message: str, **params: object) -> str:
        return self.catalog.gettext(message).format(**params)

    def every_n(self, freq: Freq, n: int) -> str:
        if freq is Freq.daily:
            return self.catalog.ngettext("every {n} day", "every {n} days", n).format(n=n)
        if freq is Freq.weekly:
            return self.catalog.ngettext("every {n} week", "every {n} weeks", n).format(n=n)
        return self.catalog.ngettext("every {n} month", "every {n} months", n).format(n=n)

    def every_n_on(self, freq: Freq, n: int, days: str) -> str:
        if freq is Freq.weekly:
            template = self.catalog.ngettext(
                "every {n} week on {days}", "every {n} weeks on {days}", n
            )
        else:
            template = self.catalog.ngettext(
                "every {n} month on {days}", "every {n} months on {days}", n
            )
        return template.format(n=n, days=days)

    def times(self, rule: str, n: int) -> str:
        return self.catalog.ngettext("{rule}, once", "{rule}, {n} times", n).format(rule=rule, n=n)

    def listed(self, items: list[str]) -> str:
        return format_list(items, locale=self.cldr)

    def weekday(self, day: ByDay) -> str:
        name = str(self.day_names[day.weekday])
        return self.say(_POSITIONS[day.n], day=name) if day.n else name

    def month_day(self, n: int) -> str:
        if n == -1:
            return self.say(N_("the last day"))
        if n < 0:
            return self.say(N_("the {ordinal}-to-last day"), ordinal=_ordinal_en(-n), n=-n)
        return self.say(N_("the {ordinal}"), ordinal=_ordinal_en(n), n=n)


def describe(rule: Rule | str, locale: str, *, skip_weekends: bool = False) -> str:
    """The rule as a short sentence in `locale` (`en` or `zh-CN`)."""
    parsed = rule if isinstance(rule, Rule) else parse(rule)
    words = _Words(locale)
    weekdays = [words.weekday(day) for day in parsed.by_day]
    days = [words.month_day(day) for day in parsed.by_month_day] or weekdays
    freq = parsed.freq
    if freq is Freq.daily and parsed.by_day:
        freq = Freq.weekly  # "every day on Monday and Friday" is a weekly rule
    if parsed.by_day == WORKING_DAYS and parsed.interval == 1 and freq is Freq.weekly:
        sentence = words.say(N_("every working day"))
    elif parsed.interval == 1 and days:
        sentence = words.say(_EVERY_ON[freq], days=words.listed(days))
    elif parsed.interval == 1:
        sentence = words.say(_EVERY[freq])
    elif days:
        sentence = words.every_n_on(freq, parsed.interval, words.listed(days))
    else:
        sentence = words.every_n(freq, parsed.interval)
    if parsed.by_month_day and weekdays:  # BYMONTHDAY=13;BYDAY=FR: Friday the 13th
        sentence = words.say(
            N_("{rule}, when it falls on {days}"), rule=sentence, days=words.listed(weekdays)
        )
    if skip_weekends and parsed.by_day != WORKING_DAYS:
        sentence = words.say(N_("{rule}, skipping weekends"), rule=sentence)
    if parsed.count is not None:
        sentence = words.times(sentence, parsed.count)
    if parsed.until is not None:
        last = parsed.until.date() if isinstance(parsed.until, datetime) else parsed.until
        when = format_date(last, "long", locale=words.cldr)
        sentence = words.say(N_("{rule}, until {date}"), rule=sentence, date=when)
    return sentence
