"""Page furniture in the article text: time stamps, share bars, credits, related links, comment
forms, pagination, summary labels, machine-translation notices, image-viewer controls (the
patterns of corpora/packs/boilerplate) and a reporter's name left alone (furniture.lone-name).

Every text here was written for these tests: each hit has a near-identical correct text that
must stay silent.
"""

import pytest

from tests.conftest import check_text


def furniture(text):
    doc, found = check_text(text, lang="en", select=("boilerplate", "furniture"))
    return [(f.rule, doc.text[f.start:f.end], f.suggestion) for f in found]


BODY = "The council approved the new budget on Tuesday.\n\n"
END = "\n\nThe opposition said it would appeal the decision."

# (rule, furniture line, the span flagged, the same words used as prose)
CASES = [
    ("boilerplate.timestamps", "Status: 03.02.2025, 09:41", "Status: 03.02.2025, 09:41",
     "Status of the talks: unclear, a spokesman said on 3 February 2025."),
    ("boilerplate.timestamps", "Updated: 4 March 2025 18:02 Published:", "Updated: 4 March 2025 18:02",
     "The figures were updated on 4 March 2025 and published later."),
    ("boilerplate.timestamps", "Release: 07:15 – 21 June 2024 Updated:",
     "Release: 07:15 – 21 June 2024 Updated:",
     "The release of the hostages on 21 June 2024 was updated by the ministry."),
    ("boilerplate.timestamps", "21 June 2024 07:15", "21 June 2024 07:15",
     "The hostages were freed on 21 June 2024 at 07:15."),
    ("boilerplate.share-buttons", "EmailPrint Share", "EmailPrint Share",
     "Email, print and share buttons were removed from the site."),
    ("boilerplate.share-buttons", "Tweet Share Comments", "Tweet Share Comments",
     "Comments on the tweet were shared widely."),
    ("boilerplate.share-buttons", "Share This Story", "Share This Story",
     "She wanted to share this story with her readers."),
    ("boilerplate.photo-credits", "A farmer inspects his field. © Jane Doe/dpa",
     "© Jane Doe/dpa", "A farmer inspects his field, Jane Doe reported for dpa."),
    ("boilerplate.photo-credits", "ⓒKorea Press Photo Agency", "ⓒKorea Press Photo Agency",
     "The Korea Press Photo Agency supplied the pictures."),
    ("boilerplate.photo-credits", "A farmer inspects his field. Lena Virtanen/Lehtikuva",
     "Lena Virtanen/Lehtikuva", "A farmer inspects his field, Lena Virtanen told Lehtikuva."),
    ("boilerplate.read-also", "Related stories: Mayor resigns after audit",
     "Related stories: Mayor resigns after audit", "Related stories reached the mayor after the audit."),
    ("boilerplate.read-also", "See also: Floods close rail line",
     "See also: Floods close rail line", "Floods also closed the rail line, see the map."),
    ("boilerplate.read-also", "This article is an excerpt. Read the full story here.",
     "This article is an excerpt. Read the full story here.",
     "Read the full story of the floods in tomorrow's edition."),
    ("boilerplate.ads-and-prompts", "— Advertisement —", "— Advertisement —",
     "Advertisement revenue fell by a tenth."),
    ("boilerplate.ads-and-prompts", "Story sponsored by Example Media", "Story sponsored by Example Media",
     "The story, sponsored by a local bank, ran for a week."),
    ("boilerplate.comments-and-pages", "Leave a Comment", "Leave a Comment",
     "Residents were asked to leave a comment at the town hall."),
    ("boilerplate.comments-and-pages", "Required fields are marked *",
     "Required fields are marked *", "Required fields in the census form were marked in red."),
    ("boilerplate.comments-and-pages", "Page 2 of 5", "Page 2 of 5",
     "Page 2 of the report lists five towns."),
    ("boilerplate.comments-and-pages", "Budget row explained … Pages: all", "Pages: all",
     "Budget row explained on every page."),
    ("boilerplate.summary-labels", "Key points: The council passed the budget.", "Key points: ",
     "Key points of the budget were passed by the council."),
    ("boilerplate.translation-notices", "[Machine translation] The council passed the budget.",
     "[Machine translation]", "The council passed the budget after a machine translation error."),
    ("boilerplate.translation-notices", "This article was automatically translated by AI.",
     "This article was automatically translated by AI.",
     "The article was translated by a volunteer."),
    ("boilerplate.translation-notices", "Wire Translation. Region: Chile – Ministry of Health",
     "Wire Translation. Region: Chile – Ministry of Health",
     "The region's health ministry asked for a translation."),
    ("boilerplate.image-furniture", "View Photo Enlargement", "View Photo Enlargement",
     "Visitors can view a photo enlargement at the museum."),
    ("boilerplate.image-furniture", "Click to enlarge", "Click to enlarge",
     "Officials said the click would enlarge the map."),
    ("boilerplate.credits-and-trailers", "By Jane Doe and Ahmed Karimi", "By Jane Doe and Ahmed Karimi",
     "By Tuesday Jane Doe and Ahmed Karimi had left."),
]


@pytest.mark.parametrize("rule, line, span, prose", CASES, ids=[c[1][:30] for c in CASES])
def test_furniture_line_is_flagged_and_prose_is_not(rule, line, span, prose):
    assert furniture(BODY + line + END) == [(rule, span, "")]
    assert furniture(BODY + prose + END) == []


def test_lone_name_after_last_sentence_is_a_photo_credit():
    text = ("Parties clash over budget\n\nThe vote is due in spring. Mirja Hakkarainen\n\n"
            "Turnout was low.\n\nThe count ends on Monday.\n\nResults follow.")
    found = check_text(text, lang="en", select=("furniture",))[1]
    assert [(f.rule, text[f.start:f.end], f.category) for f in found] == [
        ("furniture.lone-name", "Mirja Hakkarainen", "other/boilerplate")]
    assert "photo credit" in found[0].message and found[0].suggestion == ""


def test_name_said_in_the_sentence_is_not_a_credit():
    text = ("Parties clash over budget\n\nThe vote is due in spring, said Mirja Hakkarainen.\n\n"
            "Turnout was low.\n\nThe count ends on Monday.\n\nResults follow.")
    assert furniture(text) == []


def test_byline_alone_under_the_headline_and_at_the_end():
    head = "Parties clash over budget\n\nMirja Hakkarainen\n\nThe vote is due in spring.\n\nTurnout was low."
    assert furniture(head) == [("furniture.lone-name", "Mirja Hakkarainen", "")]
    tail = "The vote is due in spring.\n\nTurnout was low.\n\nJuhani Kettunen"
    assert furniture(tail) == [("furniture.lone-name", "Juhani Kettunen", "")]


@pytest.mark.parametrize("line", ["Election Night", "Calm after the storm", "Sri Lanka", "Kim Jong Un Speaks",
                                  "Ahmed Karimi said"])
def test_headlines_places_and_sentences_are_not_bylines(line):
    assert furniture(f"{line}\n\nThe vote is due in spring.\n\nTurnout was low.") == []
