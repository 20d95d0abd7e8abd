"""How ``charter ask`` reads words (one reading for the question, the charters, the vocabulary
and the site's filter), what its word lists give, and how the shipped lexicon is made."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from charter.ask import amounts, lexicon, make_lexicon
from charter.ask.words import LIGHT, inflected, stem_phrase, tokens, whole_phrase


@pytest.mark.parametrize(
    ("text", "stems"),
    [
        ("who approves a discount?", "approv discount"),
        ("who do I ask about IT", "it"),  # an abbreviation in capitals is a subject
        ("who fixes it", "fix"),  # the pronoun is not
        ("WHO FIXES IT", "fix"),  # shouted words are not abbreviations
        ("IT", "it"),  # one word in capitals is
        ("who do I ask about PAYE", "paye"),  # an abbreviation is not stemmed: PAYE is no form of "pay"
        ("R&D and the P&L", "r&d p&l"),
        ("who's on the on-call rota", "on call rota"),  # a hyphenated name keeps its common words
        ("can I give a prospect 10% off", "give prospect discount"),  # "10% off" is a discount
        ("5 percent off for them", "discount"),
        ("who owns the roadmap", "roadmap"),  # "own" frames the question, it says nothing
    ],
)
def test_the_words_that_say_something(text: str, stems: str) -> None:
    assert " ".join(w.stem for w in tokens(text)) == stems


def test_a_phrase_keeps_its_common_words_only_when_asked() -> None:
    assert stem_phrase("out of date") == "date"
    assert whole_phrase("out of date") == "out of date"


def test_the_workplace_words_join_both_ways_and_never_through_a_lost_word() -> None:
    assert "approv" in lexicon.workplace("okay")
    assert "okay" in lexicon.workplace("approv")
    assert "wrong" in lexicon.workplace("out of date")
    # "sign off" loses "off" in an index ("sign"): typed "okay" must not find every "signed".
    assert "sign" not in lexicon.workplace("okay")
    assert lexicon.workplace("new") == ()  # "what's new" is no key for "new" alone
    assert "4" not in lexicon.workplace("paye")  # "W-4" is no "4" to look for


def test_the_lexicon_gives_everyday_words_by_kind() -> None:
    meanings = dict(lexicon.meanings("comput"))
    assert meanings.get("laptop") == "g"  # a laptop is a computer: "computer" is more general
    assert dict(lexicon.meanings("okay")).get("approv") == "s"
    assert dict(lexicon.meanings("pay")).get("payment") == "d"
    assert lexicon.meanings("xyzzy") == ()
    assert lexicon.known("laptop")
    assert not lexicon.known("laptpo")


def test_the_lexicon_file_names_its_source_and_licence() -> None:
    data = (Path(make_lexicon.__file__).with_name("lexicon.tsv.gz")).read_bytes()
    first = gzip.decompress(data).decode("utf-8").splitlines()[0]
    assert "Open English WordNet" in first
    assert "CC BY 4.0" in first
    assert (Path(make_lexicon.__file__).with_name("LEXICON.md")).is_file()


# Two senses of Open English WordNet's YAML, as its source files write them.
ENTRIES = {
    "laptop": {"n": {"sense": [{"id": "laptop%1:06:00::", "synset": "03648120-n"}]}},
    "laptop computer": {"n": {"sense": [{"id": "laptop_computer%1:06:00::", "synset": "03648120-n"}]}},
    "approve": {
        "v": {
            "sense": [
                {"id": "approve%2:32:00::", "synset": "00808164-v", "derivation": ["approval%1:04:02::"]},
                {"id": "approve%2:31:00::", "synset": "00999999-v"},  # a second sense: never read
            ]
        }
    },
    "okay": {"v": {"sense": [{"id": "okay%2:32:00::", "synset": "00808164-v"}]}},
    "approval": {"n": {"sense": [{"id": "approval%1:04:02::", "synset": "01111111-n"}]}},
    "bless": {
        "v": {
            "sense": [
                {"id": "bless%2:29:00::", "synset": "01234567-v"},
                {"id": "bless%2:31:00::", "synset": "00999999-v"},
            ]
        }
    },
    "rare word": {"n": {"sense": [{"id": "rare_word%1:00:00::", "synset": "03648120-n"}]}},
}
SYNSETS = {
    "03648120-n": {"members": ["laptop", "laptop computer", "rare word"], "hypernym": ["03991590-n"]},
    "03991590-n": {"members": ["portable computer"], "hypernym": []},
    "00808164-v": {"members": ["approve", "okay"], "hypernym": []},
    "00999999-v": {"members": ["approve", "bless"]},
    "01234567-v": {"members": ["bless", "consecrate"]},
    "01111111-n": {"members": ["approval"]},
}


def test_the_lexicon_is_made_from_first_senses_of_common_words(tmp_path: Path) -> None:
    common = {"rare word": 1.0}
    found = make_lexicon.relations(ENTRIES, SYNSETS, lambda word: common.get(word, 5.0))
    assert found["okay"] == {"approv": "s"}
    assert found["approv"] == {"okay": "s"}  # "approval" is approve's own stem: nothing to add
    assert found["comput"] == {"laptop": "g", "laptop comput": "g"}  # the head of "portable computer"
    assert found["portabl comput"] == {"laptop": "g", "laptop comput": "g"}
    assert "bless" not in found  # a second sense, of approve and of bless, is never read
    assert "rare word" not in found
    assert all("rare" not in m for m in found.values())
    once = make_lexicon.written(found, "test")
    assert once == make_lexicon.written(found, "test")  # the same file every time
    lines = gzip.GzipFile(fileobj=io.BytesIO(once)).read().decode().splitlines()
    assert "okay\ts:approv" in lines


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Approving discounts within the price list's bands, up to 15%", ["§%<=15"]),
        ("A deal needs a discount above 15%", ["§%>15"]),
        ("any deal over £60,000 a year", ["§£>60000"]),
        ("Authorising settlements between £15,000 and £100,000", ["§£15000..100000"]),
        ("reserves of $100,000 or more", ["§$>=100000"]),
        ("Platform availability of 99.9% each month", ["§%=99.9"]),  # an amount with no limit is itself
        ("within 15 minutes, more than 10 cases", []),  # a count of anything is no sum
    ],
)
def test_the_limits_a_charter_sets_are_words_of_their_own(text: str, found: list[str]) -> None:
    assert amounts.limits(text) == found


@pytest.mark.parametrize(
    ("question", "limit", "within"),
    [
        ("a £40k settlement", "§£15000..100000", True),
        ("a £40k settlement", "§£>50000", False),
        ("a 40k deal", "§€>=30000", True),  # typed without its sign: any currency
        ("a 40k deal", "§%<=50", False),  # but never a share
        ("12% off list price", "§%<=15", True),
        ("a 20% discount", "§%<=15", False),
        ("a 20% discount", "§%>15", True),
        ("15 per cent", "§%>15", False),  # "above 15%" leaves 15% out; "up to" keeps it
        ("£1.5m claim", "§£>=1000000", True),
        ("the 99.9% uptime", "§%=99.9", True),
    ],
)
def test_an_amount_asked_falls_within_a_limit_or_not(question: str, limit: str, within: bool) -> None:
    (amount,) = amounts.asked(question)
    assert amounts.holds(limit, amount) is within


def test_a_question_leaves_its_amounts_to_the_limits_and_keeps_its_discount() -> None:
    assert tokens(amounts.without("who signs off a £40k settlement"))[-1].stem == "settlement"
    assert "15" not in {w.stem for w in tokens(amounts.without("a 15% discount"))}
    assert [w.stem for w in tokens(amounts.without("can I give 10% off"))] == ["give", "discount"]
    assert amounts.said("§£15000..100000") == "between £15,000 and £100,000"
    assert amounts.said("§%<=15") == "up to 15%"


def test_a_light_verb_is_looked_for_as_typed_only() -> None:
    assert {"set", "take", "know", "run"} <= LIGHT
    assert not {"approv", "fix"} & LIGHT


def test_a_workplace_line_is_found_by_a_form_of_its_word_not_by_a_shared_stem() -> None:
    # Snowball gives "customers" and "customize" one stem; only one is about settings.
    assert "configur" in lexicon.workplace("custom", "customize")
    assert "configur" not in lexicon.workplace("custom", "customers")
    assert "approv" in lexicon.workplace("okay", "okay")
    assert inflected("planned") == inflected("plan")
    assert inflected("issues") == inflected("issue")


def test_a_team_is_people_and_a_role_is_a_charter_s_not_a_program_or_a_permission() -> None:
    """ "The fraud screening team" once matched "message" and "channel" for "team", through
    Microsoft Teams; and "roles", in a tool where every answer is a role, stood for permissions."""
    assert "messag" not in lexicon.workplace("team", "teams")
    assert "depart" in lexicon.workplace("team", "teams")
    assert "chat" in lexicon.workplace("ms team", "ms teams")
    assert "permiss" not in lexicon.workplace("role", "roles")
    assert "permiss" in lexicon.workplace("user role", "user roles")


def test_a_phrasal_verb_finds_the_single_verb_a_charter_writes() -> None:
    assert "assign" in lexicon.workplace("hand out", "hands out")
    assert "investig" in lexicon.workplace("dig into", "digging into")
    assert lexicon.workplace("hand", "hands") == ()  # a hand alone hands nothing out


def test_a_sum_of_hundreds_of_digits_is_no_limit_and_no_crash() -> None:
    """A hostile or mistyped number: float makes it infinite, and the index must still be made."""
    huge = "9" * 400
    assert amounts.limits(f"Refunds over £{huge}") == []
    assert amounts.asked(f"who refunds £{huge} or {huge}k") == []
    assert amounts.limits("Refunds over £1,000,000,000") == ["§£>1e+09"]
