"""The report's own words in Polish (the programmes' source language), English and Ukrainian.

The programme's texts come from its data in the report's language; these are the fixed
words around them. A language with no words here gets English, the portal's common
fallback, so a report never has empty headings.
"""

from __future__ import annotations

from datetime import date

from okcore.text import base_language

#: The languages the report has words for; the first is the programmes' source language.
LANGUAGES = ("pl", "en", "uk")
FALLBACK = "en"

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "pl": "Sprawozdanie z realizacji Programu za rok {year}",
        "en": "Report on the implementation of the Programme for {year}",
        "uk": "Звіт про виконання Програми за {year} рік",
    },
    "program": {"pl": "Program", "en": "The programme", "uk": "Програма"},
    "program_period": {
        "pl": "Okres realizacji: {start}–{end}. Rok sprawozdawczy: {year}.",
        "en": "Period: {start}–{end}. Year of the report: {year}.",
        "uk": "Період виконання: {start}–{end}. Звітний рік: {year}.",
    },
    "main_goal": {
        "pl": "Cel główny: {text}",
        "en": "Main goal: {text}",
        "uk": "Головна мета: {text}",
    },
    "data_date": {
        "pl": "Sprawozdanie przedstawia dane portalu według stanu na dzień {day}.",
        "en": "The report gives the portal's data as of {day}.",
        "uk": "Звіт подає дані порталу станом на {day}.",
    },
    "legal_basis": {"pl": "Podstawa prawna", "en": "Legal basis", "uk": "Правова підстава"},
    # The renderers' own words (the title page and the table of contents).
    "contents": {"pl": "Spis treści", "en": "Contents", "uk": "Зміст"},
    "data_as_of": {
        "pl": "Stan danych na dzień",
        "en": "Data as of",
        "uk": "Дані станом на",
    },
    "no_legal_basis": {
        "pl": "Program nie wskazuje aktów prawnych.",
        "en": "The programme names no legal acts.",
        "uk": "Програма не називає правових актів.",
    },
    "report_obligation": {
        "pl": "Obowiązek sprawozdania: {title} ({source}).",
        "en": "The duty to report: {title} ({source}).",
        "uk": "Обов'язок звітувати: {title} ({source}).",
    },
    "no_report_obligation": {
        "pl": "Dane programu nie wskazują obowiązku, który wymaga tego sprawozdania.",
        "en": "The programme's data name no obligation asking for this report.",
        "uk": "Дані програми не називають обов'язку, що вимагає цього звіту.",
    },
    "goal": {
        "pl": "Cel {number}. {title}",
        "en": "Goal {number}. {title}",
        "uk": "Мета {number}. {title}",
    },
    "task": {
        "pl": "Zadanie {number}. {title}",
        "en": "Task {number}. {title}",
        "uk": "Завдання {number}. {title}",
    },
    "no_tasks": {
        "pl": "Cel nie ma zadań.",
        "en": "The goal has no tasks.",
        "uk": "Мета не має завдань.",
    },
    "implementers": {
        "pl": "Realizatorzy: {names}",
        "en": "Implementers: {names}",
        "uk": "Виконавці: {names}",
    },
    "partners": {"pl": "Partnerzy: {names}", "en": "Partners: {names}", "uk": "Партнери: {names}"},
    "none": {"pl": "brak", "en": "none", "uk": "немає"},
    "products": {"pl": "Produkty:", "en": "Products:", "uk": "Продукти:"},
    "deadline_continuous": {
        "pl": "Termin: zadanie ciągłe.",
        "en": "Deadline: a continuous task.",
        "uk": "Термін: постійне завдання.",
    },
    "deadline_in_year": {
        "pl": "Termin: {day} – przypada w roku {year}; {state}",
        "en": "Deadline: {day} – falls in {year}; {state}",
        "uk": "Термін: {day} – припадає на {year} рік; {state}",
    },
    "deadline_before": {
        "pl": "Termin: {day} – upłynął przed rokiem {year}.",
        "en": "Deadline: {day} – passed before {year}.",
        "uk": "Термін: {day} – минув до {year} року.",
    },
    "deadline_after": {
        "pl": "Termin: {day} – przypada po roku {year}.",
        "en": "Deadline: {day} – falls after {year}.",
        "uk": "Термін: {day} – припадає після {year} року.",
    },
    "deadline_reported": {
        "pl": "materiały sprawozdawcze złożyli: {names}.",
        "en": "reporting material came from: {names}.",
        "uk": "звітні матеріали подали: {names}.",
    },
    "deadline_unreported": {
        "pl": (
            "żaden realizator nie złożył materiałów sprawozdawczych,"
            " które by potwierdzały jego dotrzymanie."
        ),
        "en": "no implementer delivered reporting material that would show it was met.",
        "uk": "жоден виконавець не подав звітних матеріалів, які б підтверджували його дотримання.",
    },
    "actions": {
        "pl": "Działania w roku {year}",
        "en": "Actions in {year}",
        "uk": "Дії у {year} році",
    },
    "no_material": {
        "pl": "W roku {year} nie złożono materiałów sprawozdawczych dotyczących tego zadania.",
        "en": "No reporting material was delivered for this task in {year}.",
        "uk": "У {year} році звітних матеріалів щодо цього завдання не подано.",
    },
    "hub_task": {
        "pl": (
            "Zadanie realizuje koordynator Programu, który nie składa materiałów sam sobie: "
            "[Do uzupełnienia: działania w roku {year}.]"
        ),
        "en": (
            "The programme's coordinator implements this task and delivers no material to "
            "itself: [To write: the actions in {year}.]"
        ),
        "uk": (
            "Завдання виконує координатор Програми, який не подає матеріалів сам собі: "
            "[Доповнити: дії у {year} році.]"
        ),
    },
    "no_material_from": {
        "pl": "Bez materiałów sprawozdawczych za rok {year}: {names}.",
        "en": "No reporting material for {year} from: {names}.",
        "uk": "Без звітних матеріалів за {year} рік: {names}.",
    },
    "figures": {"pl": "Dane liczbowe: {text}", "en": "Figures: {text}", "uk": "Цифри: {text}"},
    "attachments": {
        "pl": "Załączniki ({unit}):",
        "en": "Attachments ({unit}):",
        "uk": "Додатки ({unit}):",
    },
    "tasks_without_material": {
        "pl": "Zadania bez materiałów sprawozdawczych",
        "en": "Tasks without reporting material",
        "uk": "Завдання без звітних матеріалів",
    },
    "all_tasks_reported": {
        "pl": "Dla każdego zadania złożono w roku {year} materiały sprawozdawcze.",
        "en": "Reporting material was delivered for every task in {year}.",
        "uk": "У {year} році звітні матеріали подано щодо кожного завдання.",
    },
    "other_actions": {
        "pl": "Inne działania jednostek na rzecz Programu",
        "en": "Units' other actions for the Programme",
        "uk": "Інші дії підрозділів на користь Програми",
    },
    "no_other_actions": {
        "pl": "W roku {year} jednostki nie opisały innych działań na rzecz Programu.",
        "en": "No unit described other actions for the Programme in {year}.",
        "uk": "У {year} році підрозділи не описали інших дій на користь Програми.",
    },
    "indicators": {
        "pl": "Tabela 2. Wskaźniki w roku {year}",
        "en": "Table 2. Indicators in {year}",
        "uk": "Таблиця 2. Показники у {year} році",
    },
    "indicators_caption": {
        "pl": (
            "Wskaźniki Programu: wartość bazowa, cel, wartość"
            " łączna za rok {year} i lata wcześniejsze"
        ),
        "en": (
            "The programme's indicators: baseline, target, the"
            " combined value for {year} and earlier years"
        ),
        "uk": (
            "Показники Програми: базове значення, ціль, сукупне"
            " значення за {year} рік і попередні роки"
        ),
    },
    "no_indicators": {
        "pl": "Program nie ma wskaźników.",
        "en": "The programme has no indicators.",
        "uk": "Програма не має показників.",
    },
    "no_measurements": {
        "pl": "Za rok {year} nie zatwierdzono żadnego pomiaru wskaźników.",
        "en": "No indicator measurement was approved for {year}.",
        "uk": "За {year} рік не затверджено жодного вимірювання показників.",
    },
    "col_number": {"pl": "Lp.", "en": "No.", "uk": "№"},
    "col_indicator": {"pl": "Wskaźnik", "en": "Indicator", "uk": "Показник"},
    "col_baseline": {
        "pl": "Wartość bazowa (rok)",
        "en": "Baseline (year)",
        "uk": "Базове значення (рік)",
    },
    "col_target": {"pl": "Cel", "en": "Target", "uk": "Ціль"},
    "col_value": {"pl": "Wartość {year}", "en": "Value {year}", "uk": "Значення {year}"},
    "col_contributions": {
        "pl": "Wkład jednostek",
        "en": "Units' contributions",
        "uk": "Внесок підрозділів",
    },
    "col_status": {"pl": "Status", "en": "Status", "uk": "Статус"},
    "col_progress": {"pl": "Postęp", "en": "Progress", "uk": "Прогрес"},
    "status_met": {"pl": "osiągnięty", "en": "met", "uk": "досягнуто"},
    "status_not_met": {"pl": "nieosiągnięty", "en": "not met", "uk": "не досягнуто"},
    "status_no_data": {"pl": "brak danych", "en": "no data", "uk": "немає даних"},
    "no_unit": {"pl": "bez jednostki", "en": "no unit", "uk": "без підрозділу"},
    "per_year": {"pl": " rocznie", "en": " per year", "uk": " на рік"},
    "charts": {
        "pl": "Wskaźniki celu {number}",
        "en": "Indicators of goal {number}",
        "uk": "Показники мети {number}",
    },
    "chart_title": {
        "pl": "Cel {number}: wartość bazowa, wartość w roku {year} i cel",
        "en": "Goal {number}: baseline, value in {year} and target",
        "uk": "Мета {number}: базове значення, значення у {year} році і ціль",
    },
    "chart_description": {
        "pl": (
            "Wykres słupkowy wskaźników celu {number}: {names}. Każdy słupek to wartość"
            " jako procent wartości docelowej wskaźnika (czarna linia = 100%), na jednej"
            " wspólnej skali; obok słupka wartość w jednostce wskaźnika."
            " Liczby są w Tabeli 2."
        ),
        "en": (
            "Bar chart of the indicators of goal {number}: {names}. Each bar is the value"
            " as a percentage of the indicator's target (black line = 100%), on one common"
            " scale; next to the bar the value in the indicator's unit."
            " The numbers are in Table 2."
        ),
        "uk": (
            "Стовпчикова діаграма показників мети {number}: {names}. Кожен стовпчик –"
            " значення у відсотках від цільового значення показника (чорна лінія = 100%),"
            " на одній спільній шкалі; поруч зі стовпчиком – значення в одиниці виміру"
            " показника. Числа – у Таблиці 2."
        ),
    },
    "chart_baseline": {"pl": "wartość bazowa", "en": "baseline", "uk": "базове значення"},
    "chart_value": {"pl": "wartość {year}", "en": "value {year}", "uk": "значення {year}"},
    "chart_target": {"pl": "cel", "en": "target", "uk": "ціль"},
    "chart_axis": {
        "pl": "% wartości docelowej",
        "en": "% of target",
        "uk": "% від цільового значення",
    },
    "chart_no_target": {
        "pl": "brak liczbowej wartości docelowej",
        "en": "no numeric target",
        "uk": "немає числового цільового значення",
    },
    "no_goal_indicators": {
        "pl": "Cel nie ma wskaźników.",
        "en": "The goal has no indicators.",
        "uk": "Мета не має показників.",
    },
    "risks": {"pl": "Rejestr ryzyk", "en": "Risk register", "uk": "Реєстр ризиків"},
    "risks_caption": {
        "pl": (
            "Ryzyka Programu: ocena w dokumencie, ponowne oceny w"
            " roku {year}, obecny poziom i reakcja"
        ),
        "en": (
            "The programme's risks: the document's rating,"
            " re-assessments in {year}, current level and response"
        ),
        "uk": (
            "Ризики Програми: оцінка в документі, повторні оцінки у"
            " {year} році, поточний рівень і реакція"
        ),
    },
    "no_risks": {
        "pl": "Program nie wymienia ryzyk.",
        "en": "The programme lists no risks.",
        "uk": "Програма не містить ризиків.",
    },
    "no_reassessments": {
        "pl": "W roku {year} nie oceniono ponownie żadnego ryzyka; obowiązuje ocena z dokumentu.",
        "en": "No risk was re-assessed in {year}; the document's ratings stand.",
        "uk": "У {year} році жоден ризик не переоцінено; чинні оцінки документа.",
    },
    "col_risk": {"pl": "Ryzyko", "en": "Risk", "uk": "Ризик"},
    "col_rating": {"pl": "Ocena w dokumencie", "en": "Document rating", "uk": "Оцінка в документі"},
    "col_reassessments": {
        "pl": "Ponowne oceny w roku {year}",
        "en": "Re-assessments in {year}",
        "uk": "Повторні оцінки у {year} році",
    },
    "col_level": {"pl": "Obecny poziom", "en": "Current level", "uk": "Поточний рівень"},
    "col_response": {"pl": "Reakcja", "en": "Response", "uk": "Реакція"},
    "level_low": {"pl": "niski", "en": "low", "uk": "низький"},
    "level_moderate": {"pl": "umiarkowany", "en": "moderate", "uk": "помірний"},
    "level_serious": {"pl": "poważny", "en": "serious", "uk": "серйозний"},
    "level_critical": {"pl": "krytyczny", "en": "critical", "uk": "критичний"},
    "response_tolerate": {"pl": "tolerowanie", "en": "tolerate", "uk": "толерування"},
    "response_transfer": {"pl": "przeniesienie", "en": "transfer", "uk": "передача"},
    "response_withdraw": {"pl": "wycofanie się", "en": "withdraw", "uk": "відмова"},
    "response_counteract": {"pl": "przeciwdziałanie", "en": "counteract", "uk": "протидія"},
    "funding": {"pl": "Źródła finansowania", "en": "Funding sources", "uk": "Джерела фінансування"},
    "no_funding": {
        "pl": "Program nie wskazuje źródeł finansowania.",
        "en": "The programme names no funding sources.",
        "uk": "Програма не називає джерел фінансування.",
    },
    "compliance": {
        "pl": "Terminowość sieci koordynatorów w roku {year}",
        "en": "The coordinator network's compliance in {year}",
        "uk": "Дотримання термінів мережею координаторів у {year} році",
    },
    "compliance_caption": {
        "pl": "{network}: terminy przypadające w roku {year}, według jednostek",
        "en": "{network}: deadlines due in {year}, per unit",
        "uk": "{network}: терміни, що припадають на {year} рік, за підрозділами",
    },
    "no_compliance": {
        "pl": "W roku {year} żadnej sieci koordynatorów Programu nie przypadały terminy.",
        "en": "No deadline of the programme's coordinator networks fell due in {year}.",
        "uk": "У {year} році жодних термінів мереж координаторів Програми не було.",
    },
    "col_unit": {"pl": "Jednostka", "en": "Unit", "uk": "Підрозділ"},
    "col_met": {"pl": "W terminie", "en": "Met", "uk": "Вчасно"},
    "col_late": {"pl": "Po terminie", "en": "Late", "uk": "Із запізненням"},
    "col_missing": {"pl": "Brak", "en": "Missing", "uk": "Відсутні"},
    "col_pending": {"pl": "W toku", "en": "Pending", "uk": "Очікуються"},
    "summary": {"pl": "Podsumowanie", "en": "Summary", "uk": "Підсумок"},
    "conclusions": {"pl": "Wnioski", "en": "Conclusions", "uk": "Висновки"},
    "recommendations": {"pl": "Rekomendacje", "en": "Recommendations", "uk": "Рекомендації"},
    "outline_indicators": {
        "pl": (
            "W roku {year} cel osiągnęło {met} z {total} wskaźników;"
            " dla {no_data} brak zatwierdzonych danych."
        ),
        "en": (
            "In {year}, {met} of {total} indicators met their"
            " target; {no_data} have no approved data."
        ),
        "uk": (
            "У {year} році ціль досягли {met} з {total} показників;"
            " для {no_data} немає затверджених даних."
        ),
    },
    "outline_indicators_all_data": {
        "pl": "W roku {year} cel osiągnęło {met} z {total} wskaźników.",
        "en": "In {year}, {met} of {total} indicators met their target.",
        "uk": "У {year} році ціль досягли {met} з {total} показників.",
    },
    "outline_tasks": {
        "pl": "Materiały sprawozdawcze złożono dla {reported} z {total} zadań.",
        "en": "Reporting material was delivered for {reported} of {total} tasks.",
        "uk": "Звітні матеріали подано щодо {reported} з {total} завдань.",
    },
    "outline_risks": {
        "pl": "Ponowne oceny ryzyk w roku {year}: {count}.",
        "en": "Risk re-assessments in {year}: {count}.",
        "uk": "Повторні оцінки ризиків у {year} році: {count}.",
    },
    "outline_summary": {
        "pl": "[Do uzupełnienia: najważniejsze osiągnięcia roku i stan realizacji celów.]",
        "en": "[To write: the year's main achievements and how far the goals were reached.]",
        "uk": "[Заповнити: головні досягнення року і стан досягнення цілей.]",
    },
    "outline_conclusions": {
        "pl": (
            "[Do uzupełnienia: co wynika z danych – które wskaźniki i"
            " zadania odbiegają od planu i dlaczego.]"
        ),
        "en": "[To write: what the data show – which indicators and tasks are off plan, and why.]",
        "uk": (
            "[Заповнити: що показують дані – які показники й"
            " завдання відхиляються від плану і чому.]"
        ),
    },
    "outline_not_met": {
        "pl": "Wskaźniki, które nie osiągnęły celu: {names}.",
        "en": "Indicators that did not meet their target: {names}.",
        "uk": "Показники, що не досягли цілі: {names}.",
    },
    "outline_recommendations": {
        "pl": (
            "[Do uzupełnienia: propozycje działań na kolejny rok, w tym"
            " wobec ryzyk o poziomie poważnym lub krytycznym.]"
        ),
        "en": (
            "[To write: proposed actions for next year, including for serious or critical risks.]"
        ),
        "uk": (
            "[Заповнити: пропозиції дій на наступний рік, зокрема"
            " щодо серйозних або критичних ризиків.]"
        ),
    },
    "outline_high_risks": {
        "pl": "Ryzyka o poziomie poważnym lub krytycznym: {names}.",
        "en": "Risks at a serious or critical level: {names}.",
        "uk": "Ризики серйозного або критичного рівня: {names}.",
    },
    "yes": {"pl": "tak", "en": "yes", "uk": "так"},
    "no": {"pl": "nie", "en": "no", "uk": "ні"},
    "missing_value": {"pl": "–", "en": "–", "uk": "–"},
}


def language_of(language: str) -> str:
    """The language the report is written in: ``language`` when it has words here, else
    English (``pt-BR`` → ``en``; ``pl-PL`` → ``pl``)."""
    return base_language(language, LANGUAGES, FALLBACK)


def word(key: str, language: str, **values: object) -> str:
    """The fixed text ``key`` in ``language`` (English when it has none), filled in."""
    texts = WORDS[key]
    text = texts.get(language_of(language), texts[FALLBACK])
    return text.format(**values) if values else text


def number(value: float | None, language: str) -> str:
    """A value as the report prints it: ``12``, ``0,5`` in Polish and Ukrainian, ``0.5`` in
    English; from 10 000 up with thousands apart (a no-break space, a comma in English); a
    dash for none."""
    if value is None:
        return word("missing_value", language)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    separator = "\u00a0" if language_of(language) in ("pl", "uk") else ","
    text = text.replace(",", "\x00").replace(".", "," if separator != "," else ".")
    return text.replace("\x00", separator if abs(value) >= 10_000 else "")


def percent(share: float | None, language: str) -> str:
    """Progress 0..1 as a whole percent."""
    return word("missing_value", language) if share is None else f"{round(share * 100)}%"


#: Month names as a date says them ("24 listopada 2026": the genitive in Polish and
#: Ukrainian).
MONTHS = {
    "pl": (
        "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca",
        "lipca", "sierpnia", "września", "października", "listopada", "grudnia",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "uk": (
        "січня", "лютого", "березня", "квітня", "травня", "червня",
        "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
    ),
}  # fmt: skip


def day(value: date, language: str) -> str:
    """A date as the report's readers write it: "24 listopada 2026", "24 November 2026"."""
    months = MONTHS[language_of(language)]
    return f"{value.day} {months[value.month - 1]} {value.year}"
