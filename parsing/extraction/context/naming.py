"""What a number counts: the catalog label that names it, or a phrase of its clause, and the indicator name
a fact carries (a growth rate or a share named after what it is the growth or share of)."""
from __future__ import annotations

from ...knowledge import compiled
from ..cues import attach_rules
from ..paragraph import Paragraph, Slot, compact
from .indicators import Indicator, catalog
from .industry import industry_before, scoped_measure

_PHRASE_END = compiled(r"[，,。；;、：:（(]")
UNNAMED = "未命名指标"
_FRAGMENT_CHARS = 4     # a phrase this short is a fragment of the clause, not a name
# How far from the number its naming words are looked for: a phrase keeps at most 18 characters
# (indicator_fallbacks.yaml), and the bound keeps the work per number constant on endless clauses.
_PHRASE_REACH = 80
_CLAUSE_MARKS = " ，,：:"
# How many numbers back a figure that nothing names looks for the words naming it (bounded: constant work)
_LIST_STEPS = 4


def resolve_indicator(paragraph: Paragraph, slot: Slot, sentence: tuple[int, int], title: str) -> Indicator:
    """The label nearest before the number (not reaching back past the previous number of its
    clause; for a share, before its 占: the words after it name the whole), else one right after it; a
    count with words after it is named by those words (5万户企业上云); a bare measure (利润总额) is the
    measure of the industry named before it; else the nearest label earlier in the sentence; else — for a
    number nothing names — the label of its full sentence before a semicolon, or the subject of the clause
    before; else a phrase of the clause."""
    mention, c_end = slot.mention, slot.clause[1]
    in_window = paragraph.labels_within(slot.window_start, mention.start)
    whole_at = _share_of(paragraph.text, slot) if mention.is_percent else -1
    if whole_at >= 0 and not any(label.end > whole_at for label in in_window):
        # a share's words after 占 name the whole (占全行业收入的69.7%): the part is named before 占
        part = paragraph.labels_within(sentence[0], whole_at)
        if part:
            return _nearest(part)
    if in_window:
        return _nearest(in_window)
    after = [l for l in paragraph.labels_within(mention.end, c_end) if l.start <= mention.end + 3]
    if after:
        return after[0]
    counter = not mention.is_percent and mention.unit_base not in ("元", "美元", "")
    phrase = _phrase(paragraph, slot)
    if counter and phrase.start == mention.end and phrase.name != UNNAMED:
        return phrase
    if phrase.start == -1:
        scoped = scoped_measure(phrase.name, lambda: industry_before(paragraph.industries, mention.start, title))
        if scoped is not None:
            return scoped
        if phrase.key != "other":
            return phrase   # the number's own words have a theme (电话用户总数达到…): not an earlier clause's label
    in_sentence = paragraph.labels_within(sentence[0], mention.start)
    if in_sentence:
        return _nearest(in_sentence)
    if attach_rules()["rate_word_end"].search(phrase.name) and phrase.key == "other":
        key = _grown_figure_key(paragraph, sentence[0], slot.clause[0])
        if key != "other":      # 五年复合增长率约为14%: the growth of the figure before it
            return Indicator(phrase.name, key, phrase.start, phrase.end)
    if phrase.name == UNNAMED:
        # a sentence after a semicolon goes on about its full sentence's measure (到2025年，…占GDP比重达到
        # 10%；到2030年，达到15%左右)
        full_start = paragraph.full_sentence_start(sentence[0], mention.start, _PHRASE_REACH)
        earlier = paragraph.labels_within(full_start, sentence[0]) if full_start < sentence[0] else []
        if earlier:
            return _nearest(earlier)
        if slot.clause[0] > sentence[0]:
            subject = _subject_phrase(paragraph, sentence[0], slot.clause[0])
            if subject.name != UNNAMED:     # 全球大数据市场的IT投资规模，有望在2025年超过3500亿美元
                return subject
    if phrase.key == "other" and len(phrase.name) <= _FRAGMENT_CHARS:
        earlier = paragraph.labels_within(paragraph.start, mention.start)
        if earlier:     # a fragment (相比于) names nothing: the theme is the paragraph's subject's
            return Indicator(phrase.name, earlier[-1].key, phrase.start, phrase.end)
    return phrase


def _share_of(text: str, slot: Slot) -> int:
    """Where the 占 of a share stands in the number's clause (…，占全行业收入的69.7%), or -1."""
    rules = attach_rules()
    at = text.rfind(rules["share_word"], slot.clause[0], slot.mention.start)
    return at if at >= 0 and rules["share_before"].search(compact(text[at:slot.mention.start])) else -1


def _subject_phrase(paragraph: Paragraph, sentence_start: int, clause_start: int) -> Indicator:
    """The phrase ending the clause before (after any number in it): the subject a number's own clause
    goes on about. When that clause ends with its number, the words before that number: the two measure
    one thing (新建通信光缆15.4万公里，累计达到288.2万公里)."""
    cat = catalog()
    previous = paragraph.number_before(clause_start)
    start = max(sentence_start, clause_start - _PHRASE_REACH, previous.end if previous else paragraph.start)
    phrase = cat.phrase(_plain_words(paragraph, start, clause_start).rstrip(_CLAUSE_MARKS))
    # back over the numbers before it, a few at most: a growth rate's words (同比增长21.6%) name no measure,
    # the level's before it do; the items of a list (石家庄1637.7万户,保定1288万户,…) share the list's
    for _ in range(_LIST_STEPS):
        if phrase and not attach_rules()["growth_before"].search(phrase) or previous is None \
                or previous.digits_start < sentence_start:
            break
        earlier = paragraph.number_before(previous.digits_start)
        start = max(sentence_start, previous.start - _PHRASE_REACH, earlier.end if earlier else paragraph.start)
        phrase, previous = cat.phrase(_plain_words(paragraph, start, previous.start)), earlier
    return Indicator(phrase or UNNAMED, cat.key_for_phrase(phrase))


def _grown_figure_key(paragraph: Paragraph, sentence_start: int, clause_start: int) -> str:
    """The theme of the figure a bare growth rate follows (…市场支出规模将达到3000亿美元，五年复合增长率
    约为14%): the words before the last number preceding the rate's clause."""
    figure = paragraph.number_before(clause_start)
    if figure is None or figure.digits_start < sentence_start:
        return "other"
    end = figure.digits_start
    return catalog().key_for_phrase(paragraph.text[max(sentence_start, end - _PHRASE_REACH):end])


def qualified(indicator: Indicator, slot: Slot, clause_before: str) -> Indicator:
    """The indicator as its clause narrows it (`clause_before`: the text of its clause up to the number):
    per head (人均软件业务收入), a segment's figure (以信息服务为主的企业…互联网业务收入 →
    信息服务领域互联网业务收入), or a count of the regions meeting it (…正增长的省(区、市)有14个), which
    is no value of the measure itself."""
    rules, cat = attach_rules(), catalog()
    label_at = indicator.start - (slot.mention.start - len(clause_before))    # where its label stands in it
    if indicator.start >= 0 and label_at > 0:
        prefix = next((p for p in rules["per_capita_before"] if clause_before.endswith(p, 0, label_at)), None)
        if prefix and not indicator.name.startswith(prefix):     # 人均软件业务收入: per head, not the total
            indicator = Indicator(prefix + indicator.name, indicator.key, indicator.start, indicator.end)
    if not slot.mention.is_percent and rules["region_count"].search(clause_before):
        return Indicator(rules["region_count_name"].format(indicator=indicator.name), "other",
                         indicator.start, indicator.end)
    segment = rules["segment"].search(clause_before)
    if segment is None or segment["segment"] in indicator.name:
        return indicator
    names = [segment["segment"] + suffix + indicator.name for suffix in rules["segment_suffixes"]]
    known = next((cat.named(name) for name in names if cat.named(name)), None)
    return known or Indicator(names[-1], indicator.key, indicator.start, indicator.end)


def fact_indicator_name(indicator: Indicator, slot: Slot, clause_before: str) -> str:
    """The canonical indicator name of the fact: a growth rate is the 同比增速 (年均增速) of what it
    grows, a share (占…比重) the 占比 of it, a change against an earlier total (比上年末净增…) the 净增数
    (净减数) of it, so that none is read as a level of the same indicator (cues.yaml attach.derived_names)."""
    rules = attach_rules()
    name, derived = indicator.name, rules["derived_names"]
    compact_before = compact(clause_before)
    if slot.growth_sign:
        tail = compact_before[-rules["growth_before_reach"]:]      # the growth words right before the rate
        suffix = (derived["sequential_growth"] if rules["sequential"].search(tail)
                  else derived["annual_growth"] if rules["annual"].search(compact_before) else derived["growth"])
        name = name if name.endswith(rules["rate_name_ends"]) else name + suffix
    elif slot.mention.is_percent:
        # the items of a list (占比分别为31.5%、27.2%…) are shares by the words before its first number
        head = slot.list_head.mention.start if slot.list_head else slot.mention.start
        if rules["share_before"].search(compact(clause_before[:len(clause_before) - (slot.mention.start - head)])):
            name = name if name.endswith(rules["share_name_ends"]) else name + derived["share"]
    elif slot.mention.unit_raw.endswith(rules["multiple_unit"]):
        if rules["multiple_before"].search(compact_before):
            name += derived["multiple"]
    elif change := rules["increment_before"].search(compact_before):
        name += derived["decrease" if change["change"] in rules["decrease_words"] else "increase"]
    return catalog().canonical(name)


def _phrase(paragraph: Paragraph, slot: Slot) -> Indicator:
    """A short phrase of the clause naming what the number counts; `start` tells where it was
    taken: before the number (-1) or the words right after it (mention.end)."""
    mention, c_end, text, window_start = slot.mention, slot.clause[1], paragraph.text, slot.window_start
    cat = catalog()
    window_start = max(window_start, mention.start - _PHRASE_REACH)
    phrase, start = cat.phrase(_plain_words(paragraph, window_start, mention.start)), -1
    if len(phrase) < 2:
        following = paragraph.number_from(mention.end)      # the words after a number end at the next one
        after = text[mention.end:min(c_end, mention.end + _PHRASE_REACH, following.digits_start if following else c_end)]
        phrase, start = cat.phrase(_first_phrase(after)), mention.end
    return Indicator(phrase or UNNAMED, cat.key_for_phrase(phrase), start)


def _plain_words(paragraph: Paragraph, start: int, end: int) -> str:
    """text[start:end] without the names of places and times in it: they are no part of what a number
    measures (石家庄1637.7万户,保定1288万户 names no indicator 石家庄)."""
    text = paragraph.text
    words = text[start:end]
    if paragraph.regions or paragraph.times:
        for found in [*paragraph.regions_within(start, end), *paragraph.times_starting(start, end)]:
            words = words.replace(text[found.start:found.end], "")
    return words


def _nearest(labels: list[Indicator]) -> Indicator:
    """The label ending closest before a number; the longer one where two end together."""
    return max(labels, key=lambda label: (label.end, label.end - label.start))


def _first_phrase(text: str) -> str:
    return _PHRASE_END.split(text, maxsplit=1)[0]
