"""Candidate sources: the folder index (build, incremental update) and retrieval."""

import json
import os
import sqlite3

import pytest

from mtqa.candidates import CandidateIndex, Hit, backends, index_terms, rank, store
from mtqa.errors import InputError
from mtqa.readers import read_input

# Thirty-one short wire stories. Several share names and places: two about Finland with
# the same president, three about Nairobi (two on the same floods, with the same toll),
# two about the Bundesbank, so that names alone do not decide.
STORIES = {
    "finland-nato.txt": """Niinistö backs higher defence spending after NATO talks

Finland's President Sauli Niinistö met NATO Secretary General Jens Stoltenberg in Helsinki on Tuesday to discuss the alliance's northern flank.
Niinistö said Finland would raise defence spending to 2.3 percent of gross domestic product by 2025, up from 1.9 percent this year.
The talks lasted 90 minutes, officials said, and covered air policing and a planned exercise near Rovaniemi.
Opposition leader Riikka Purra criticised the plan, saying the government had not explained how it would be financed.
""",
    "finland-energy.txt": """Finland unveils energy aid for households

Finnish Prime Minister Sanna Marin announced a 4.7 billion euro support package for households struggling with electricity bills in Helsinki on Thursday.
Marin said about 1.2 million households would receive subsidies over the winter, and that value added tax on electricity would be cut to 10 percent.
President Sauli Niinistö welcomed the measures in a short statement.
Energy companies warned that prices could stay high until the Olkiluoto 3 reactor reaches full output.
""",
    "nairobi-floods.txt": """Floods kill 42 in Nairobi

Heavy rain in Nairobi killed at least 42 people and forced thousands from their homes, Interior Minister Kithure Kindiki said on Monday.
The worst damage was in the Mathare settlement, where the river burst its banks before dawn.
Kindiki said the government had set aside 300 million shillings for emergency shelters.
The Kenya Meteorological Department forecast more rain for the rest of the week.
""",
    "nairobi-toll.txt": """Nairobi flood toll rises to 42

The number of people killed by floods in Nairobi rose to 42 on Tuesday, Governor Johnson Sakaja said after visiting Mathare.
Sakaja said 300 families in Mathare had lost their homes and that Nairobi schools would stay closed.
The Kenya Red Cross said Mathare and Kibera were the worst hit parts of Nairobi.
""",
    "nairobi-marathon.txt": """Kipchoge wins Nairobi exhibition race

Eliud Kipchoge won an exhibition race in Nairobi on Sunday in front of 15,000 spectators at Nyayo stadium.
The two-time Olympic champion covered the 10 kilometres in 28 minutes and 41 seconds.
Kipchoge said he would use the race to prepare for the Berlin marathon in September.
Organisers said the proceeds would go to a youth athletics programme in Eldoret.
""",
    "bundesbank-rates.txt": """Bundesbank chief warns inflation is stubborn

Bundesbank President Joachim Nagel said on Wednesday that inflation in Germany remained too high and that the European Central Bank should not cut interest rates too early.
German consumer prices rose 6.1 percent in May, down from 7.2 percent in April.
Nagel told reporters in Frankfurt that wage growth of about 5 percent could keep services inflation elevated.
""",
    "bundesbank-gold.txt": """Bundesbank completes gold transfer

The Bundesbank said it had finished moving 674 tonnes of gold from vaults in Paris and New York to its headquarters in Frankfurt.
The transfer, which began in 2013, was completed three years ahead of schedule, board member Carl-Ludwig Thiele said.
About half of Germany's 3,378 tonnes of gold reserves are now stored in Frankfurt.
""",
    "jakarta-capital.txt": """Indonesia presses ahead with new capital

President Joko Widodo said on Friday that the first civil servants would move to Nusantara, the new capital in East Kalimantan, in 2024.
The project is expected to cost 466 trillion rupiah, about 32 billion dollars, and to relieve pressure on sinking Jakarta.
Environmental groups warned that clearing forest for the city would threaten orangutan habitats.
""",
    "chile-lithium.txt": """Chile to nationalise lithium industry

Chilean President Gabriel Boric announced plans on Thursday to give the state a majority stake in the country's lithium industry.
Chile holds the world's largest lithium reserves, and producers SQM and Albemarle will have to form partnerships with state company Codelco.
Shares in SQM fell 18 percent in New York after the announcement.
""",
    "japan-yen.txt": """Yen slides to 32-year low

The Japanese yen weakened past 151 to the dollar on Friday, its lowest level since 1990, prompting warnings from Finance Minister Shunichi Suzuki.
Suzuki said Tokyo would take decisive action against speculative moves.
The Bank of Japan has kept its short-term interest rate at minus 0.1 percent.
""",
    "brazil-amazon.txt": """Amazon deforestation falls sharply

Deforestation in Brazil's Amazon fell 33.6 percent in the first six months of the year, according to satellite data from the INPE space research institute.
Environment Minister Marina Silva credited stepped-up enforcement by the Ibama agency.
President Luiz Inacio Lula da Silva has pledged to end illegal deforestation by 2030.
""",
    "india-moon.txt": """India lands spacecraft near Moon's south pole

India's Chandrayaan-3 spacecraft landed near the Moon's south pole on Wednesday, making India the first country to reach the region.
Prime Minister Narendra Modi watched the landing from Johannesburg, where he was attending a BRICS summit.
The Vikram lander carries a rover named Pragyan that will study the lunar surface for 14 days.
""",
    "wheat-prices.txt": """Wheat prices jump after Black Sea deal collapses

Wheat futures in Chicago rose 8.5 percent on Monday after Russia pulled out of the Black Sea grain deal.
The agreement, brokered by Turkey and the United Nations, had allowed Ukraine to ship nearly 33 million tonnes of grain.
Traders said buyers in Egypt and Tunisia were looking for alternative suppliers.
""",
    "uk-strike.txt": """Junior doctors begin five-day strike in England

Junior doctors in England began a five-day strike on Thursday, the longest walkout in the history of the National Health Service.
The British Medical Association is demanding a 35 percent pay rise to make up for years of below-inflation increases.
Health Secretary Steve Barclay called the demand unreasonable.
""",
    "france-pensions.txt": """French parliament approves pension reform

France's Constitutional Council approved the core of President Emmanuel Macron's pension reform, which raises the retirement age from 62 to 64.
Unions called a new day of protests for May 1, and opposition leader Marine Le Pen said the fight was not over.
Prime Minister Elisabeth Borne said the reform would take effect in September.
""",
    "sweden-nato.txt": """Turkey clears way for Sweden's NATO bid

Turkish President Recep Tayyip Erdogan agreed to send Sweden's NATO membership bid to parliament, Secretary General Jens Stoltenberg said in Vilnius.
Swedish Prime Minister Ulf Kristersson called it a good day for Sweden.
Sweden applied to join the alliance together with Finland in May 2022.
""",
    "nigeria-naira.txt": """Nigeria lets naira float

Nigeria's central bank said on Wednesday it would let the naira trade freely, ending years of multiple exchange rates.
The currency fell to 755 per dollar on the official market, a drop of about 36 percent.
President Bola Tinubu said the reform would attract foreign investment.
""",
    "canada-fires.txt": """Canada wildfires burn record area

Wildfires in Canada have burned more than 10 million hectares this year, the largest area on record, officials in Ottawa said.
Smoke from fires in Quebec drifted south, turning skies orange over New York and Washington.
Emergency Preparedness Minister Bill Blair said 2,214 fires had been recorded since January.
""",
    "korea-chips.txt": """Samsung profit slumps on chip glut

Samsung Electronics said second-quarter operating profit fell 95 percent to 600 billion won as a glut of memory chips pushed down prices.
The Suwon-based company said it would cut production of DRAM chips further.
Analysts expect demand to recover in the fourth quarter as data centres buy more servers for artificial intelligence.
""",
    "egypt-canal.txt": """Suez Canal revenue hits record

Suez Canal revenue reached a record 9.4 billion dollars in the financial year to June, the Suez Canal Authority said.
Authority chairman Osama Rabie said 25,887 ships used the waterway, up from 22,032 a year earlier.
The canal is one of Egypt's main sources of foreign currency.
""",
    "australia-rates.txt": """Reserve Bank of Australia holds rates

The Reserve Bank of Australia kept its cash rate at 4.1 percent on Tuesday, pausing after 12 increases since May 2022.
Governor Philip Lowe said some further tightening might still be required to bring inflation back to target.
The Australian dollar fell half a percent after the decision.
""",
    "mexico-election.txt": """Mexico's ruling party picks Sheinbaum

Mexico's ruling Morena party chose former Mexico City mayor Claudia Sheinbaum as its candidate for the 2024 presidential election.
Sheinbaum won an internal poll ahead of former foreign minister Marcelo Ebrard, who alleged irregularities.
If elected, Sheinbaum would be the country's first woman president.
""",
    "norway-salmon.txt": """Norway softens salmon tax

Norway's government agreed to lower a planned tax on salmon farming to 25 percent from 40 percent after protests from the industry.
Finance Minister Trygve Slagsvold Vedum said the tax would still raise about 3.8 billion crowns a year.
Shares in Mowi and SalMar rose more than 6 percent in Oslo.
""",
    "spain-heat.txt": """Spain swelters in record April heat

Temperatures in Cordoba reached 38.8 degrees Celsius on Friday, a record for April in mainland Spain, the AEMET weather agency said.
Farmers in Andalusia warned that the drought had already destroyed 60 percent of the cereal harvest.
Reservoirs in Catalonia were at 27 percent of capacity.
""",
    "ethiopia-dam.txt": """Ethiopia completes fourth filling of Nile dam

Ethiopia said it had completed the fourth filling of the Grand Ethiopian Renaissance Dam on the Blue Nile, drawing criticism from Egypt.
Prime Minister Abiy Ahmed said the reservoir now held 41 billion cubic metres of water.
Egypt's foreign ministry said the move violated a 2015 declaration of principles.
""",
    "poland-grain.txt": """Poland extends ban on Ukrainian grain

Poland will keep its ban on imports of Ukrainian grain after a European Union measure expires on Friday, Prime Minister Mateusz Morawiecki said.
Hungary and Slovakia announced similar steps, and Kyiv said it would file a complaint at the World Trade Organization.
Polish farmers say cheap grain from Ukraine has pushed down local prices.
""",
    "argentina-inflation.txt": """Argentina inflation tops 100 percent

Annual inflation in Argentina reached 104.3 percent in March, the highest since 1991, the INDEC statistics agency said.
Economy Minister Sergio Massa announced new measures to support exporters of soybeans.
The peso traded at around 400 per dollar on the parallel market.
""",
    "turkey-quake.txt": """Death toll from Turkey earthquake passes 40,000

The death toll from the earthquake that struck southern Turkey and Syria rose above 40,000 on Wednesday, officials said.
The 7.8 magnitude quake hit near Gaziantep before dawn on February 6.
Rescuers pulled a 17-year-old girl from the rubble in Kahramanmaras after 248 hours.
""",
    "vietnam-growth.txt": """Vietnam growth slows as exports fall

Vietnam's economy grew 4.14 percent in the second quarter, the General Statistics Office said, slowing as demand for its electronics and clothing weakened.
Exports fell 12.1 percent in the first half of the year.
Prime Minister Pham Minh Chinh urged ministries to speed up public investment.
""",
    "iceland-volcano.txt": """Volcano erupts near Reykjavik

A volcano erupted on the Reykjanes peninsula in Iceland on Monday, about 30 kilometres southwest of Reykjavik, the Icelandic Meteorological Office said.
The eruption began near Litli-Hrutur after weeks of earthquakes, and lava flowed from a fissure 200 metres long.
Flights at Keflavik airport were not affected.
""",
}

NINJS = {
    "headline": "Kenya central bank raises rate to 10.5 percent",
    "body_text": "The Central Bank of Kenya raised its benchmark lending rate to 10.5 percent "
                 "from 9.5 percent on Monday to curb inflation and support the shilling. "
                 "Governor Kamau Thugge said the shilling had lost 21 percent against the "
                 "dollar this year.",
    "language": "en",
    "type": "text",
}

# A translation of finland-nato.txt through another language: reworded, sentences
# reordered, "Stoltenberg" misspelt, 90 minutes turned into 95, 2.3 written 2,3.
GARBLED = """In Helsinki, the chief of the NATO alliance, Jens Stoltenbrg, was received on Tuesday by President Sauli Niinisto for a discussion about the northern wing of the military pact.
The meeting took 95 minutes according to officials and dealt with policing of the airspace and an exercise that is planned close to Rovaniemi.
Niinisto declared that Finland will lift military expenditure to 2,3 per cent of economic output until 2025, compared with 1.9 per cent in the present year.
Riikka Purra, who leads the opposition, attacked the proposal because in her view the cabinet never said where the money comes from.
"""

# A German translation of nairobi-floods.txt: only names, numbers and a few cognates
# carry over.
GERMAN = """Überschwemmungen in Nairobi: 42 Tote

Schwere Regenfälle haben in Nairobi mindestens 42 Menschen getötet und Tausende obdachlos gemacht, teilte Innenminister Kithure Kindiki am Montag mit.
Am schlimmsten betroffen war die Siedlung Mathare, wo der Fluss vor Sonnenaufgang über die Ufer trat.
Die Regierung habe 300 Millionen Schilling für Notunterkünfte bereitgestellt, sagte Kindiki.
"""


def write_stories(folder, stories=STORIES):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in stories.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def wire(tmp_path):
    folder = write_stories(tmp_path / "wire")
    (folder / "kenya-rate.json").write_text(json.dumps(NINJS), encoding="utf-8")
    sub = folder / "2023" / "06"
    sub.mkdir(parents=True)
    (sub / "iceland-quotas.md").write_text(
        "# Iceland raises cod quota\n\nIceland's fisheries ministry raised the cod quota "
        "by 1 percent to 211,309 tonnes for the coming season, following advice from the "
        "Marine and Freshwater Research Institute.\n", encoding="utf-8")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "broken.json").write_text('{"headline": "unfinished', encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a story")
    return folder


BACKENDS = ["fts5", "table"] if backends.has_fts5() else ["table"]


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def name(hit):
    return os.path.basename(hit.path)


def df(idx, term):
    """How many indexed stories contain term."""
    return idx._backend.doc_freqs(idx._conn, [term]).get(term, 0)


# ----------------------------------------------------------------------------- terms


def test_index_terms_fold_case_accents_and_numbers():
    assert index_terms("Niinistö NIINISTO niinisto") == ["niinisto"] * 3
    # thousands separators go, decimal points become p; both conventions agree
    assert index_terms("1,200 1.200 3.5 3,5 2,214 0.125") == sorted(
        ["1200", "1200", "3p5", "3p5", "2214", "0p125"])
    assert index_terms("1,200.50 1.200,50") == ["1200p50", "1200p50"]
    assert index_terms("12.03.2023 007") == sorted(["12", "3", "2023", "7"])
    # the commonest English words are not indexed; rarer ones are
    assert index_terms("the of and said deforestation") == ["deforestation"]
    assert index_terms("Straße Łódź") == ["lodz", "strasse"]


# ----------------------------------------------------------------------------- build


def test_build_indexes_every_story_and_skips_the_rest(wire, tmp_path, backend):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    s = idx.stats
    # 30 .txt stories, the ninjs .json and the .md in a subfolder
    assert s["stories"] == len(STORIES) + 2
    assert s["added"] == len(STORIES) + 2
    assert s["skipped"] == 2  # photo.txt (binary) and broken.json; notes.docx not a story
    assert s["updated"] == s["removed"] == 0
    assert s["built"] is True and s["backend"] == backend
    assert s["index_bytes"] == os.path.getsize(tmp_path / "idx.sqlite") > 0
    assert s["seconds"] >= 0
    # no temporary file left behind, nothing written into the stories' folder
    assert sorted(os.listdir(tmp_path)) == ["idx.sqlite", "wire"]
    assert not any(n.startswith(".mtqa") for n in os.listdir(wire))


def test_default_index_lives_in_the_folder(wire):
    before = {p: p.read_bytes() for p in wire.rglob("*") if p.is_file()}
    idx = CandidateIndex.open(str(wire))
    assert idx.index_path == str(wire / ".mtqa-index.sqlite")
    assert os.path.exists(idx.index_path)
    # the stories themselves are untouched
    assert {p: p.read_bytes() for p in before} == before
    # and the index file is not taken for a story on the next open
    again = CandidateIndex.open(str(wire))
    assert again.stats["added"] == again.stats["skipped"] - 2 == 0


def read_only(monkeypatch, folder):
    """Make the index code see folder as not writable (tests may run as root)."""
    real = os.access
    monkeypatch.setattr(store.os, "access", lambda p, mode: False
                        if os.path.abspath(p) == str(folder) else real(p, mode))


def test_unwritable_folder_uses_the_user_cache(wire, tmp_path, monkeypatch):
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    read_only(monkeypatch, wire)
    idx = CandidateIndex.open(str(wire))
    assert os.path.dirname(idx.index_path) == str(tmp_path / "cache")
    assert os.path.basename(idx.index_path).startswith("candidates-")
    assert not (wire / ".mtqa-index.sqlite").exists()
    assert idx.query(GARBLED)[0].path == str(wire / "finland-nato.txt")


def test_read_only_folder_with_a_stale_index_falls_back_to_the_cache(wire, tmp_path,
                                                                     monkeypatch):
    CandidateIndex.open(str(wire)).close()  # an index inside, made while writable
    (wire / "extra.txt").write_text("Kaja Kallas spoke in Tallinn.", encoding="utf-8")
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    read_only(monkeypatch, wire)
    real_update = store._update

    def update(conn, folder, files, be, stats):
        if store._diff(conn, files) != ([], [], []):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_update(conn, folder, files, be, stats)

    monkeypatch.setattr(store, "_update", update)
    idx = CandidateIndex.open(str(wire))
    assert os.path.dirname(idx.index_path) == str(tmp_path / "cache")
    assert idx.stats["built"] is True
    (wire / "extra.txt").unlink()  # up to date again: the index inside is used
    idx = CandidateIndex.open(str(wire))
    assert idx.index_path == str(wire / ".mtqa-index.sqlite")
    assert idx.stats["built"] is False


def test_ninjs_story_is_indexed_with_its_headline(wire, tmp_path):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    hits = idx.query("Der Leitzins der Zentralbank von Kenia steigt auf 10,5 Prozent, "
                     "sagte Gouverneur Kamau Thugge; der Schilling verlor 21 Prozent.")
    assert name(hits[0]) == "kenya-rate.json"
    assert hits[0].title == NINJS["headline"]
    text = idx.read(hits[0])
    assert text.startswith(NINJS["headline"]) and NINJS["body_text"] in text
    assert "{" not in text  # the story's text, not the JSON


def test_markdown_story_in_a_subfolder(wire, tmp_path):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    hits = idx.query("Island erhöht die Kabeljauquote um 1 Prozent auf 211.309 Tonnen.")
    assert hits[0].path == str(wire / "2023" / "06" / "iceland-quotas.md")
    assert hits[0].title == "Iceland raises cod quota"


HTML_STORY = """<!DOCTYPE html>
<html lang="en"><head><title>Wirecopy | Peru</title><script>var tracker = "zzqx";</script>
</head><body><nav><a href="/">Home</a> | <a href="/world">Worldwide</a></nav>
<article><h1>Peru&#8217;s Congress removes President Castillo</h1>
<p>Peru&rsquo;s Congress voted 101 to 6 on Wednesday to remove President Pedro Castillo,
hours after he tried to dissolve the legislature.</p>
<p>Vice President Dina Boluarte was sworn in as Peru&rsquo;s first woman president.</p>
</article><footer>&copy; Wirecopy Agency</footer></body></html>
"""

NINJS_HTML = {
    "headlines": [{"value": "Ghana strikes deal with creditors", "role": "main"}],
    "body_html": "<p>Ghana reached a deal with official creditors on restructuring "
                 "5.4&nbsp;billion dollars of debt, Finance Minister Mohammed Amin Adam "
                 "said in Accra.</p><p>The <b>IMF</b> welcomed the agreement.</p>",
    "type": "text",
}


def test_a_story_s_text_is_what_the_readers_give_for_the_file(wire, tmp_path, backend):
    # a candidate is read exactly as the same file given to --source: same text, markup
    # (and what the HTML reader leaves out: navigation, scripts, footer) never indexed
    (wire / "peru.html").write_text(HTML_STORY, encoding="utf-8")
    (wire / "ghana.json").write_text(json.dumps(NINJS_HTML), encoding="utf-8")
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    for rel in ("peru.html", "ghana.json", "kenya-rate.json", "2023/06/iceland-quotas.md",
                "finland-nato.txt"):
        path = str(wire / rel)
        assert idx.read(path) == read_input(path).text
    hits = idx.query("Der Kongress von Peru setzte Präsident Pedro Castillo mit 101 zu 6 "
                     "Stimmen ab; Dina Boluarte wurde vereidigt.")
    peru = read_input(str(wire / "peru.html"))
    assert name(hits[0]) == "peru.html" and hits[0].title == peru.headline
    assert idx.read(hits[0]) == peru.text
    assert df(idx, "boluarte") == 1
    assert df(idx, "wirecopy") == df(idx, "zzqx") == df(idx, "worldwide") == 0
    hits = idx.query("Ghana einigte sich über 5,4 Milliarden Dollar Schulden, sagte "
                     "Mohammed Amin Adam in Accra.")
    assert name(hits[0]) == "ghana.json"
    assert hits[0].title == "Ghana strikes deal with creditors"
    assert idx.read(hits[0]) == read_input(str(wire / "ghana.json")).text


def test_translations_and_record_files_are_not_stories(wire, tmp_path):
    # XLIFF/TMX are translations and JSONL holds many records: not walked by extension,
    # and skipped when a story's extension hides them
    (wire / "job.xlf").write_text("<xliff/>", encoding="utf-8")
    (wire / "records.json").write_text('{"text": "Kaja Kallas"}\n{"text": "Tallinn"}\n',
                                      encoding="utf-8")
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    assert idx.stats["stories"] == len(STORIES) + 2 and idx.stats["skipped"] == 3


# ----------------------------------------------------------------------------- retrieval


def test_garbled_translation_finds_its_source_first(wire, tmp_path, backend):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    hits = idx.query(GARBLED, k=3)
    assert [name(h) for h in hits][0] == "finland-nato.txt"
    assert len(hits) == 3
    assert hits[0].score > hits[1].score
    assert hits[0].title == "Niinistö backs higher defence spending after NATO talks"
    assert all(isinstance(h, Hit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_the_other_finland_story_is_found_by_its_own_translation(wire, tmp_path, backend):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    doc = ("President Sauli Niinistö welcomed on Thursday the aid of 4,7 billion euros "
           "that Prime Minister Sanna Marine presented in Helsinki: 1.2 million households "
           "get help with electricity, and VAT falls to 10 per cent.")
    hits = idx.query(doc)
    assert name(hits[0]) == "finland-energy.txt"
    assert name(hits[1]) == "finland-nato.txt"  # same president, same city


def test_translation_into_another_language_finds_its_source(wire, tmp_path, backend):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    assert name(idx.query(GERMAN)[0]) == "nairobi-floods.txt"


def test_a_misspelt_name_decides_between_two_reports_of_one_event(wire, tmp_path, backend):
    # Both flood stories have Nairobi, Mathare, 42 and 300, and BM25 prefers the shorter
    # one, which repeats them; only the interior minister, misspelt, is the other's.
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"), backend=backend)
    doc = ("Mindestens 42 Tote nach Regen in Nairobi. Innenminister Kindicky sagte am Montag, "
           "in Mathare sei der Fluss über die Ufer getreten. Für Notunterkünfte stünden 300 "
           "Millionen Schilling bereit.")
    assert [name(h) for h in idx.query(doc, k=2)] == ["nairobi-floods.txt", "nairobi-toll.txt"]
    assert [name(h) for h in idx.query(doc.replace("Kindicky", "Sakaja"), k=2)] == [
        "nairobi-toll.txt", "nairobi-floods.txt"]


def test_compare_counts_a_misspelt_name_and_the_story_s_own_keys():
    doc = rank.Profile("Innenminister Kindicky sprach in Mathare über 42 Tote.")
    right = rank.Profile("Interior Minister Kithure Kindiki said 42 people died in Mathare.")
    wrong = rank.Profile("Governor Johnson Sakaja said 42 people died in Mathare in 2023.")
    qw = {"mathare": 2.0, "42": 1.0}
    unknown = ["kindicky", "innenminister"]  # names in no story
    got, fuzzy, precision, _ = doc.compare(right, qw, unknown)
    assert got == 3.0 and fuzzy == {"kindicky"}
    got2, fuzzy2, precision2, _ = doc.compare(wrong, qw, unknown)
    assert got2 == 3.0 and fuzzy2 == set()
    assert precision > precision2  # Kindiki (near Kindicky) is found, Sakaja and 2023 not
    assert rank.near("kindicky", "kindiki") and rank.near("stoltenbrg", "stoltenberg")
    assert not rank.near("sakaja", "kindiki") and not rank.near("marin", "karin")


def test_each_story_finds_itself(wire, tmp_path):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    for fname, text in STORIES.items():
        assert name(idx.query(text, k=1)[0]) == fname


def test_results_are_deterministic(wire, tmp_path):
    a = CandidateIndex.open(str(wire), str(tmp_path / "a.sqlite"))
    b = CandidateIndex.open(str(wire), str(tmp_path / "b.sqlite"))
    for doc in (GARBLED, GERMAN, STORIES["wheat-prices.txt"]):
        first = a.query(doc, k=5)
        assert a.query(doc, k=5) == first
        assert b.query(doc, k=5) == first


def test_results_do_not_depend_on_the_hash_seed(wire, tmp_path):
    import subprocess
    import sys

    CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite")).close()
    (tmp_path / "doc.txt").write_text(GARBLED + GERMAN, encoding="utf-8")
    code = ("import sys; from mtqa.candidates import CandidateIndex as C; "
            "i = C.open(sys.argv[1], sys.argv[2]); "
            "print(i.query(open(sys.argv[3], encoding='utf-8').read(), k=8))")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=root)
        args = [sys.executable, "-c", code, str(wire), str(tmp_path / "idx.sqlite"),
                str(tmp_path / "doc.txt")]
        outs.add(subprocess.run(args, env=env, capture_output=True, text=True,
                                check=True).stdout)
    assert len(outs) == 1 and "finland-nato.txt" in outs.pop()


def test_ties_are_ordered_by_path(tmp_path, backend):
    text = STORIES["spain-heat.txt"]
    folder = write_stories(tmp_path / "dup", {"b.txt": text, "a.txt": text, "c.txt": text,
                                              "z.txt": STORIES["iceland-volcano.txt"]})
    idx = CandidateIndex.open(str(folder), str(tmp_path / "idx.sqlite"), backend=backend)
    hits = idx.query(text, k=3)
    assert [name(h) for h in hits] == ["a.txt", "b.txt", "c.txt"]
    assert hits[0].score == hits[1].score == hits[2].score


def test_query_without_usable_terms_is_empty(wire, tmp_path):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    assert idx.query("") == []
    assert idx.query("the of and a to in") == []
    assert idx.query(GARBLED, k=0) == []


# ----------------------------------------------------------------------------- updates


@pytest.fixture
def counting(monkeypatch):
    """The relative paths of the files the index reads."""
    seen = []
    real = store._index_file

    def spy(folder, rel):
        seen.append(rel)
        return real(folder, rel)

    monkeypatch.setattr(store, "_index_file", spy)
    return seen


def test_unchanged_folder_is_not_reindexed(wire, tmp_path, counting, backend):
    path = tmp_path / "idx.sqlite"
    CandidateIndex.open(str(wire), str(path), backend=backend).close()
    assert len(counting) == len(STORIES) + 4  # every candidate file read once
    counting.clear()
    st = os.stat(path)
    idx = CandidateIndex.open(str(wire), str(path), backend=backend)
    assert counting == []
    assert (idx.stats["added"], idx.stats["updated"], idx.stats["removed"]) == (0, 0, 0)
    assert idx.stats["built"] is False
    assert os.stat(path).st_mtime_ns == st.st_mtime_ns  # not even a write
    assert name(idx.query(GARBLED)[0]) == "finland-nato.txt"


def test_added_story_is_the_only_one_indexed(wire, tmp_path, counting, backend):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path, backend=backend).close()
    counting.clear()
    (wire / "estonia-tanks.txt").write_text(
        "Estonia buys Israeli rocket launchers\n\nEstonia signed a 100 million euro deal "
        "for 6 rocket launcher systems, Defence Minister Hanno Pevkur said in Tallinn.\n",
        encoding="utf-8")
    idx = CandidateIndex.open(str(wire), path, backend=backend)
    assert counting == ["estonia-tanks.txt"]
    assert (idx.stats["added"], idx.stats["updated"], idx.stats["removed"]) == (1, 0, 0)
    assert idx.stats["stories"] == len(STORIES) + 3
    hits = idx.query("Hanno Pevkur unterzeichnete in Tallinn einen Vertrag über 100 Millionen "
                     "Euro für 6 Raketenwerfer.")
    assert name(hits[0]) == "estonia-tanks.txt"


def test_modified_story_is_reindexed(wire, tmp_path, counting, backend):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path, backend=backend).close()
    counting.clear()
    (wire / "japan-yen.txt").write_text(
        "Kuroda hands over to Ueda\n\nKazuo Ueda took office as Bank of Japan governor, "
        "succeeding Haruhiko Kuroda after ten years of ultra-loose policy.\n", encoding="utf-8")
    idx = CandidateIndex.open(str(wire), path, backend=backend)
    assert counting == ["japan-yen.txt"]
    assert (idx.stats["added"], idx.stats["updated"], idx.stats["removed"]) == (0, 1, 0)
    hits = idx.query("Kazuo Ueda succeeds Haruhiko Kuroda at the Bank of Japan")
    assert name(hits[0]) == "japan-yen.txt"
    assert hits[0].title == "Kuroda hands over to Ueda"
    # the old text is gone from the index
    assert df(idx, "ueda") == 1 and df(idx, "shunichi") == 0 and df(idx, "151") == 0
    old = idx.query("Shunichi Suzuki warned about the yen at 151 per dollar, lowest since 1990")
    assert all(h.title != "Yen slides to 32-year low" for h in old)


def test_touched_but_unchanged_story_is_not_reindexed(wire, tmp_path, counting):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path).close()
    counting.clear()
    st = os.stat(wire / "chile-lithium.txt")
    os.utime(wire / "chile-lithium.txt", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    idx = CandidateIndex.open(str(wire), path)
    assert counting == ["chile-lithium.txt"]  # read to compare its hash...
    assert idx.stats["updated"] == 0  # ... and found unchanged
    counting.clear()
    CandidateIndex.open(str(wire), path)
    assert counting == []  # the new mtime was recorded


def test_deleted_story_is_removed(wire, tmp_path, counting, backend):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path, backend=backend).close()
    counting.clear()
    (wire / "finland-nato.txt").unlink()
    idx = CandidateIndex.open(str(wire), path, backend=backend)
    assert counting == []
    assert (idx.stats["added"], idx.stats["updated"], idx.stats["removed"]) == (0, 0, 1)
    assert idx.stats["stories"] == len(STORIES) + 1
    assert all(name(h) != "finland-nato.txt" for h in idx.query(GARBLED, k=10))
    assert df(idx, "rovaniemi") == 0 and df(idx, "purra") == 0  # its terms are gone
    assert df(idx, "niinisto") == 1  # still in finland-energy.txt


def test_skipped_file_that_becomes_a_story_is_indexed(wire, tmp_path):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path).close()
    (wire / "broken.json").write_text(json.dumps({
        "headline": "Malta election", "body_text": "Robert Abela won 55.1 percent in Malta."}),
        encoding="utf-8")
    idx = CandidateIndex.open(str(wire), path)
    assert idx.stats["updated"] == 1 and idx.stats["skipped"] == 1
    assert name(idx.query("Robert Abela gewann 55,1 Prozent auf Malta")[0]) == "broken.json"
    (wire / "photo.txt").unlink()  # a skipped file going is not a story removed
    idx = CandidateIndex.open(str(wire), path)
    assert idx.stats["removed"] == 0 and idx.stats["skipped"] == 0


def test_index_from_an_older_schema_is_rebuilt(wire, tmp_path, monkeypatch):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path).close()
    monkeypatch.setattr(store, "SCHEMA_VERSION", "999")
    idx = CandidateIndex.open(str(wire), path)
    assert idx.stats["built"] is True and idx.stats["added"] == len(STORIES) + 2


def test_damaged_index_at_the_default_place_is_rebuilt(wire):
    (wire / ".mtqa-index.sqlite").write_bytes(b"this is not a database" * 100)
    idx = CandidateIndex.open(wire)  # a Path is fine too
    assert idx.stats["built"] is True
    assert name(idx.query(GARBLED)[0]) == "finland-nato.txt"


def test_a_file_that_is_not_an_index_is_never_overwritten(wire, tmp_path):
    mine = tmp_path / "notes.sqlite"
    mine.write_bytes(b"my own notes" * 100)
    with pytest.raises(InputError, match="not an mtqa candidate index"):
        CandidateIndex.open(str(wire), str(mine))
    assert mine.read_bytes() == b"my own notes" * 100
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="not an mtqa candidate index"):
        CandidateIndex.open(str(wire), str(other))


def test_without_fts5_an_inverted_index_in_tables_is_used(wire, tmp_path, monkeypatch):
    path = str(tmp_path / "idx.sqlite")
    if backends.has_fts5():
        assert CandidateIndex.open(str(wire), path).stats["backend"] == "fts5"
    monkeypatch.setattr(backends, "has_fts5", lambda: False)
    idx = CandidateIndex.open(str(wire), path)  # an FTS5 index is rebuilt, not misread
    assert idx.stats["backend"] == "table" and idx.stats["built"] is True
    assert name(idx.query(GARBLED)[0]) == "finland-nato.txt"


def test_failed_build_leaves_no_index_and_no_temp_file(wire, tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert", boom)
    with pytest.raises(RuntimeError):
        CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    assert sorted(os.listdir(tmp_path)) == ["wire"]


def test_failed_update_is_rolled_back(wire, tmp_path, monkeypatch):
    path = str(tmp_path / "idx.sqlite")
    CandidateIndex.open(str(wire), path).close()
    (wire / "finland-nato.txt").unlink()
    (wire / "new.txt").write_text("Kaja Kallas spoke in Tallinn.", encoding="utf-8")

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert", boom)
    with pytest.raises(RuntimeError):
        CandidateIndex.open(str(wire), path)
    monkeypatch.undo()
    idx = CandidateIndex.open(str(wire), path)  # the removal was not half-applied
    assert (idx.stats["added"], idx.stats["removed"]) == (1, 1)


# ----------------------------------------------------------------------------- errors


def test_errors_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        CandidateIndex.open(str(tmp_path / "missing"))
    (tmp_path / "file.txt").write_text("Not a folder.", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"):
        CandidateIndex.open(str(tmp_path / "file.txt"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no stories"):
        CandidateIndex.open(str(tmp_path / "empty"))
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_bytes(b"\x00\x01\x02")
    with pytest.raises(InputError, match="no readable stories"):
        CandidateIndex.open(str(tmp_path / "junk"), str(tmp_path / "junk.sqlite"))


def test_unwritable_index_is_an_input_error(wire, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="cannot write the candidate index"):
        CandidateIndex.open(str(wire), str(tmp_path / "afile" / "idx.sqlite"))


def test_read_of_a_vanished_story_is_an_input_error(wire, tmp_path):
    idx = CandidateIndex.open(str(wire), str(tmp_path / "idx.sqlite"))
    hit = idx.query(GARBLED)[0]
    os.unlink(hit.path)
    with pytest.raises(InputError, match="cannot read the story"):
        idx.read(hit)
