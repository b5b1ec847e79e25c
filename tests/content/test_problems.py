"""Problems as a contributor reads them: one line each, and repeated warnings grouped."""

from __future__ import annotations

from generator.content.problems import Problem, Severity, grouped

WARNING = Severity.WARNING


def jump(document: str, stamp: str, percent: int, previous: str = "2020-01-01") -> Problem:
    message = f"text is {percent}% the size of the previous version ({previous}): check it"
    return Problem(f"content/x/{document}/{stamp}.md", 0, message, WARNING)


def test_alike_warnings_of_a_document_become_one_line_at_the_first() -> None:
    flapping = [jump("privacy-policy", f"2021-0{n}-01", 150 + n) for n in range(1, 6)]
    error = Problem("content/x/privacy-policy/2021-03-15.md", 2, "`source` is missing")
    pair = [jump("terms-of-service", "2021-01-01", 300), jump("terms-of-service", "2021-02-01", 30)]
    problems = [*flapping[:2], error, *flapping[2:], *pair]

    shown = grouped(problems)

    assert shown == [
        Problem(
            "content/x/privacy-policy/2021-01-01.md",
            0,
            "5 versions (2021-01-01 to 2021-05-01) have this warning; the first: text is 151% "
            "the size of the previous version (2020-01-01): check it",
            WARNING,
        ),
        error,
        *pair,  # two are told as they are
    ]


def test_errors_are_never_grouped() -> None:
    errors = [
        Problem(f"content/x/privacy-policy/2021-0{n}-01.md", 4, "no text") for n in range(1, 6)
    ]
    assert grouped(errors) == errors


def test_warnings_of_different_kinds_or_documents_stay_apart() -> None:
    small = [
        Problem(f"content/x/privacy-policy/2021-0{n}-01.md", 0, f"only {n} bytes", WARNING)
        for n in range(1, 4)
    ]
    jumps = [jump("privacy-policy", f"2021-0{n}-01", 200) for n in range(1, 4)]
    elsewhere = [jump("cookie-policy", f"2021-0{n}-01", 200) for n in range(1, 3)]
    shown = grouped([*small, *jumps, *elsewhere])
    assert [p.message.split(";")[0] for p in shown[:2]] == [
        "3 versions (2021-01-01 to 2021-03-01) have this warning",
    ] * 2
    assert shown[2:] == elsewhere
    assert len(grouped([*small, *jumps, *elsewhere], at_least=2)) == 3


def test_a_grouped_line_stays_one_line() -> None:
    hostile = [
        Problem(f"content/x/privacy-policy/2021-0{n}-01\n::error::x.md", 0, "odd\nname", WARNING)
        for n in range(1, 4)
    ]
    (line,) = grouped(hostile)
    assert len(str(line).splitlines()) == 1
