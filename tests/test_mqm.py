from mtqa.finding import Finding
from mtqa.scoring.mqm import mqm_score, weight


def f(category, severity):
    return Finding("x.y", category, severity, 0, 1, "m")


def test_mqm_weights_are_the_usual_ones():
    assert weight("accuracy/mistranslation", "minor") == 1
    assert weight("accuracy/mistranslation", "major") == 5
    assert weight("accuracy/mistranslation", "critical") == 25
    assert weight("accuracy/untranslated", "major") == 25  # non-translation
    assert weight("fluency/punctuation", "minor") == 0.1
    assert weight("fluency/punctuation", "major") == 5
    assert weight("style/awkward", "info") == 0


def test_score_is_penalty_per_word():
    s = mqm_score([f("fluency/spelling", "major"), f("fluency/punctuation", "minor")], words=200)
    assert s.penalty == 5.1
    assert abs(s.score - (100 - 100 * 5.1 / 200)) < 1e-9
    s = mqm_score([f("accuracy/untranslated", "critical")], words=200)
    assert s.score == 87.5
    assert mqm_score([], words=0).score == 100.0


def test_the_gate_is_the_one_verdict():
    from mtqa.report import Gate

    major = [f("fluency/spelling", "major")]
    assert not Gate("major").judge(major, 97.5).passed
    assert Gate("critical").judge(major, 97.5).passed
    assert Gate("never").judge(major, 10.0).passed
    v = Gate("critical", min_score=98).judge(major, 97.5)
    assert not v.passed and v.reasons == ("MQM score 97.5 below 98",)
    assert v.gate == "fail-on critical, min-score 98"
