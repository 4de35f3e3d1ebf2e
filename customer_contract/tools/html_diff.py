# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Word by word comparison of two HTML texts (e.g. two versions of a clause).

The words of both texts are compared, whatever the markup around them: the
result is the new text, with its own structure, in which the words inserted
are wrapped in ``<added>`` and the words deleted are put back, wrapped in
``<removed>``, where they stood. A block of the old text whose words are all
deleted (a paragraph, a list item, a table row...) comes back as a block of
its own. A change of formatting alone (bold, a new line...) marks nothing.
All the text is escaped: a clause cannot inject markup into the comparison.
"""

import difflib
import re
from dataclasses import dataclass

from lxml import etree, html
from markupsafe import Markup, escape

# A word: letters and digits, with the punctuation inside it ("1,200.00",
# "don't", "2027-03-01"); any other character that is not a space is a word
# of its own ("$", ".", "%"), so that "total." and "<b>total</b>." compare.
WORD_RE = re.compile(r"\w+(?:[.,:/'’\-]\w+)*|[^\w\s]")
# Blocks that can be deleted as a whole, and shown as deleted blocks.
REMOVABLE_BLOCKS = frozenset(
    (
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "blockquote",
        "pre",
        "div",
        "section",
    )
)
# Blocks that can stand next to each other in the body of a text.
FLOW_BLOCKS = REMOVABLE_BLOCKS - {"li", "tr", "dt", "dd"}
# Elements holding text as a block: two words in two of them are apart.
CONTAINERS = REMOVABLE_BLOCKS | {"td", "th", "caption"}
# Elements with no content and no end tag.
VOID_ELEMENTS = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    )
)
# Attribute values that run code.
UNSAFE_URL_RE = re.compile(r"\s*((java|vb)script\s*:|data\s*:\s*text/html)", re.I)
# Elements dropped from the comparison with their content.
DROPPED_ELEMENTS = frozenset(
    ("script", "style", "iframe", "object", "embed", "frame", "frameset")
)


@dataclass
class _Word:
    text: str
    index: int
    start: int
    end: int
    # Whether a space (or the limit of a block) stands before the word.
    space_before: bool
    # Innermost removable block holding the word (None: the body itself).
    block: object
    # Innermost block or cell holding the word (None: the body itself).
    container: object
    # Elements holding the word, outermost first (the body excluded).
    ancestors: tuple


@dataclass
class _Slot:
    """A text of the tree: the text or the tail of an element."""

    text: str
    words: list


class _Text:
    """An HTML text parsed into a tree, with its words in reading order."""

    def __init__(self, content):
        content = str(content or "")
        if content.strip():
            self.root = html.fragment_fromstring(content, create_parent="div")
        else:
            self.root = html.Element("div")
        # lxml gives the same Python object for an element only while one is
        # alive: hold them all, their ids key the maps below.
        self._elements = list(self.root.iter())
        self.words = []
        self.slots = {}
        # Index of the first and last word of each element (by id).
        self.first = {}
        self.last = {}
        self.depth = {}
        self._pending_space = True
        self._walk(self.root, (), None, None, 0)

    def _add_slot(self, key, text, ancestors, block, container):
        slot = _Slot(text=text, words=[])
        self.slots[key] = slot
        position = 0
        for match in WORD_RE.finditer(text):
            gap = text[position : match.start()]
            word = _Word(
                text=match.group(),
                index=len(self.words),
                start=match.start(),
                end=match.end(),
                space_before=self._pending_space or any(c.isspace() for c in gap),
                block=block,
                container=container,
                ancestors=ancestors,
            )
            slot.words.append(word)
            self.words.append(word)
            self._pending_space = False
            position = match.end()
        if any(c.isspace() for c in text[position:]):
            self._pending_space = True
        if slot.words:
            for element in ancestors:
                self.first.setdefault(id(element), slot.words[0].index)
                self.last[id(element)] = slot.words[-1].index

    def _walk(self, element, ancestors, block, container, depth):
        if element is not self.root:
            ancestors = ancestors + (element,)
            self.depth[id(element)] = depth
            if element.tag in REMOVABLE_BLOCKS:
                block = element
            if element.tag in CONTAINERS:
                container = element
            if element.tag in CONTAINERS or element.tag == "br":
                self._pending_space = True
        if element.text:
            self._add_slot(
                (id(element), "text"), element.text, ancestors, block, container
            )
        for child in element:
            if isinstance(child.tag, str) and child.tag not in DROPPED_ELEMENTS:
                self._walk(child, ancestors, block, container, depth + 1)
                if child.tag in CONTAINERS or child.tag == "br":
                    self._pending_space = True
            if child.tail:
                self._add_slot(
                    (id(child), "tail"), child.tail, ancestors, block, container
                )

    def range_of(self, element):
        key = id(element)
        if key not in self.first:
            return None
        return self.first[key], self.last[key]


def _is_word(text):
    return any(char.isalnum() for char in text)


def _attributes(element):
    return Markup("").join(
        Markup(' {}="{}"').format(name, value)
        for name, value in element.attrib.items()
        if isinstance(name, str)
        and re.fullmatch(r"[A-Za-z_:][-\w:.]*", name)
        and not name.lower().startswith("on")
        and not UNSAFE_URL_RE.match(value)
    )


def _removed_words(words):
    """The deleted ``words``, spaced as they were, in one ``<removed>``."""
    text = ""
    for index, word in enumerate(words):
        if index and word.space_before:
            text += " "
        text += word.text
    return Markup("<removed>{}</removed>").format(text)


class _Comparison:
    def __init__(self, old, new):
        self.old = _Text(old)
        self.new = _Text(new)
        self.added = set()
        # {new word index: [markup]} put before / after that word
        self.before_word = {}
        self.after_word = {}
        # {id(new element): [markup]} put before / after that element
        self.before_element = {}
        self.after_element = {}
        # Markup put at the end of the body (the new text has no word).
        self.at_end = []

    def compute(self):
        for tag, i1, i2, j1, j2 in self._slide(self._opcodes()):
            if tag in ("delete", "replace"):
                self._place_removed(i1, i2, j1, j2)
            if tag in ("insert", "replace"):
                self.added.update(range(j1, j2))
        return self._render()

    def _opcodes(self):
        """How the old words become the new ones, as difflib's opcodes.

        Words (letters and digits) are matched first; the punctuation is
        then matched between them: alone, a full stop would tie a sentence
        to any other."""
        old, new = self.old.words, self.new.words
        old_words = [word.index for word in old if _is_word(word.text)]
        new_words = [word.index for word in new if _is_word(word.text)]
        anchors = []
        matcher = difflib.SequenceMatcher(
            None,
            [old[index].text for index in old_words],
            [new[index].text for index in new_words],
            autojunk=False,
        )
        for i, j, size in matcher.get_matching_blocks():
            anchors += [(old_words[i + k], new_words[j + k]) for k in range(size)]
        pairs = []
        start_i = start_j = 0
        for anchor_i, anchor_j in [*anchors, (len(old), len(new))]:
            gap = difflib.SequenceMatcher(
                None,
                [word.text for word in old[start_i:anchor_i]],
                [word.text for word in new[start_j:anchor_j]],
                autojunk=False,
            )
            for i, j, size in gap.get_matching_blocks():
                pairs += [(start_i + i + k, start_j + j + k) for k in range(size)]
            pairs.append((anchor_i, anchor_j))
            start_i, start_j = anchor_i + 1, anchor_j + 1
        opcodes = []
        i = j = 0
        for pair_i, pair_j in pairs:
            if (pair_i, pair_j) != (i, j):
                tag = (
                    "replace"
                    if pair_i > i and pair_j > j
                    else ("delete" if pair_i > i else "insert")
                )
                opcodes.append([tag, i, pair_i, j, pair_j])
            if pair_i < len(old):
                if opcodes and opcodes[-1][0] == "equal":
                    opcodes[-1][2] += 1
                    opcodes[-1][4] += 1
                else:
                    opcodes.append(["equal", pair_i, pair_i + 1, pair_j, pair_j + 1])
            i, j = pair_i + 1, pair_j + 1
        return opcodes

    @staticmethod
    def _aligned(words, start, end):
        """How well the words ``start``..``end`` fit whole blocks (0 to 2)."""
        return (
            start == 0 or words[start].container is not words[start - 1].container
        ) + (end == len(words) or words[end].container is not words[end - 1].container)

    def _slide(self, ops):
        """Move each deletion or insertion between two kept parts to where it
        covers whole blocks, when the same words can be kept either way: one
        paragraph deleted between "One." and "Five." is "Three four." rather
        than ". Three four"."""
        for k, op in enumerate(ops):
            if op[0] not in ("delete", "insert"):
                continue
            previous = ops[k - 1] if k and ops[k - 1][0] == "equal" else None
            following = (
                ops[k + 1] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else None
            )
            if op[0] == "delete":
                words, start, end = self.old.words, op[1], op[2]
            else:
                words, start, end = self.new.words, op[3], op[4]
            back = 0
            while (
                previous
                and back < previous[2] - previous[1]
                and words[start - back - 1].text == words[end - back - 1].text
            ):
                back += 1
            forward = 0
            while (
                following
                and forward < following[2] - following[1]
                and words[start + forward].text == words[end + forward].text
            ):
                forward += 1
            shift = max(
                range(-back, forward + 1),
                key=lambda s: (self._aligned(words, start + s, end + s), -abs(s)),
            )
            if shift:
                for index in range(1, 5):
                    op[index] += shift
                for neighbour, (first, second) in (
                    (previous, (2, 4)),
                    (following, (1, 3)),
                ):
                    if neighbour:
                        neighbour[first] += shift
                        neighbour[second] += shift
        return ops

    # ------------------------------------------------------------------
    # Deleted words
    # ------------------------------------------------------------------
    def _outer_removed_block(self, word, i1, i2):
        """The outermost block holding ``word`` whose words are all deleted."""
        for element in word.ancestors:
            if element.tag not in REMOVABLE_BLOCKS:
                continue
            bounds = self.old.range_of(element)
            if bounds and i1 <= bounds[0] and bounds[1] < i2:
                return element
        return None

    def _place_removed(self, i1, i2, j1, j2):
        """Put back the old words ``i1``..``i2``, replaced by the new words
        ``j1``..``j2`` (none for a mere deletion)."""
        segments = []
        for index in range(i1, i2):
            block = self._outer_removed_block(self.old.words[index], i1, i2)
            if segments and segments[-1][0] is block:
                segments[-1][1].append(index)
            else:
                segments.append((block, [index]))
        # Where the words are put back: before the new words, or after them
        # once a deleted block had to go there (the old order is kept).
        anchor, after_words = j1, False
        for block, indexes in segments:
            if block is not None:
                # A block deleted after words replaced goes after the new words.
                anchors = (j2, j1) if after_words else (j1, j2)
                placed = next(
                    (
                        j
                        for j in anchors
                        if j >= anchor and self._place_removed_block(block, j)
                    ),
                    None,
                )
                if placed is not None:
                    anchor = placed
                    continue
            self._place_removed_inline(
                indexes, i1, anchor, j2 if anchor == j1 else anchor
            )
            after_words = True

    def _place_removed_inline(self, indexes, i1, j, j_end):
        """Put back deleted words among the words of the new text, before the
        new word ``j`` (the words ``j``..``j_end`` replace them)."""
        old, new = self.old.words, self.new.words
        words = [old[index] for index in indexes]
        if not new:
            self.at_end.append(Markup("<p>{}</p>").format(_removed_words(words)))
            return
        first = indexes[0]
        # Replaced by words in the same place: just before them. The end of a
        # block whose beginning is kept: after the word kept before it.
        # Anything else: before the next word kept.
        replaced_in_place = j < j_end and new[j].container is new[j - 1].container
        if j >= len(new) or (
            j > 0
            and not replaced_in_place
            and first == i1 > 0
            and old[i1 - 1].container is words[0].container
        ):
            lead = " " if words[0].space_before else ""
            self.after_word.setdefault(j - 1, []).append(
                Markup("{}{}").format(lead, _removed_words(words))
            )
            return
        last = indexes[-1]
        lead = " " if words[0].space_before and not new[j].space_before else ""
        following = old[last + 1] if last + 1 < len(old) else None
        trail = (
            " "
            if new[j].space_before or (following is not None and following.space_before)
            else ""
        )
        self.before_word.setdefault(j, []).append(
            Markup("{}{}{}").format(lead, _removed_words(words), trail)
        )

    def _candidates(self, j):
        """Where a deleted block may stand before the new word ``j``:
        [(new element, "before" or "after")]."""
        new = self.new
        candidates = []
        if j < len(new.words):
            for element in new.words[j].ancestors:
                if element.tag in REMOVABLE_BLOCKS and new.first.get(id(element)) == j:
                    candidates.append((element, "before"))
        if j > 0:
            for element in new.words[j - 1].ancestors:
                if (
                    element.tag in REMOVABLE_BLOCKS
                    and new.last.get(id(element)) == j - 1
                ):
                    candidates.append((element, "after"))
        return candidates

    def _place_removed_block(self, block, j):
        markup = self._render_removed_block(block)
        candidates = self._candidates(j)
        depth = self.old.depth[id(block)]
        same = [c for c in candidates if c[0].tag == block.tag]
        if not same and block.tag in FLOW_BLOCKS:
            same = [c for c in candidates if c[0].tag in FLOW_BLOCKS]
        if same:
            element, where = min(
                same,
                key=lambda c: (
                    abs(self.new.depth[id(c[0])] - depth),
                    c[1] != "before",
                ),
            )
            target = self.before_element if where == "before" else self.after_element
            target.setdefault(id(element), []).append(markup)
            return True
        if block.tag in FLOW_BLOCKS and (j >= len(self.new.words) or j == 0):
            if j == 0 and self.new.words:
                # Before everything: at the start of the body.
                self.before_element.setdefault(id(self.new.root), []).append(markup)
            else:
                self.at_end.append(markup)
            return True
        return False

    def _render_removed_block(self, element):
        """A deleted block of the old text, all its text marked removed."""
        parts = [Markup("<{}{}>").format(element.tag, _attributes(element))]
        if element.text and element.text.strip():
            parts.append(Markup("<removed>{}</removed>").format(element.text))
        elif element.text:
            parts.append(escape(element.text))
        for child in element:
            if isinstance(child.tag, str) and child.tag not in DROPPED_ELEMENTS:
                parts.append(self._render_removed_block(child))
            if child.tail and child.tail.strip():
                parts.append(Markup("<removed>{}</removed>").format(child.tail))
            elif child.tail:
                parts.append(escape(child.tail))
        if element.tag not in VOID_ELEMENTS:
            parts.append(Markup("</{}>").format(element.tag))
        return Markup("").join(parts)

    # ------------------------------------------------------------------
    # The new text, marked
    # ------------------------------------------------------------------
    def _render(self):
        parts = list(self.before_element.get(id(self.new.root), []))
        parts.append(self._render_slot((id(self.new.root), "text")))
        for child in self.new.root:
            parts.append(self._render_element(child))
        parts += self.at_end
        return Markup("").join(parts)

    def _render_element(self, element):
        parts = []
        if isinstance(element.tag, str) and element.tag not in DROPPED_ELEMENTS:
            parts += self.before_element.get(id(element), [])
            parts.append(Markup("<{}{}>").format(element.tag, _attributes(element)))
            parts.append(self._render_slot((id(element), "text")))
            for child in element:
                parts.append(self._render_element(child))
            if element.tag not in VOID_ELEMENTS:
                parts.append(Markup("</{}>").format(element.tag))
            parts += self.after_element.get(id(element), [])
        parts.append(self._render_slot((id(element), "tail")))
        return Markup("").join(parts)

    def _render_slot(self, key):
        slot = self.new.slots.get(key)
        if slot is None:
            return Markup("")
        parts, position, open_added = [], 0, False
        for word in slot.words:
            index = word.index
            is_added = index in self.added
            before = self.before_word.get(index)
            if open_added and (not is_added or before):
                parts.append(Markup("</added>"))
                open_added = False
            parts.append(escape(slot.text[position : word.start]))
            parts += before or []
            if is_added and not open_added:
                parts.append(Markup("<added>"))
                open_added = True
            parts.append(escape(word.text))
            after = self.after_word.get(index)
            if after:
                if open_added:
                    parts.append(Markup("</added>"))
                    open_added = False
                parts += after
            position = word.end
        if open_added:
            parts.append(Markup("</added>"))
        parts.append(escape(slot.text[position:]))
        return Markup("").join(parts)


def html_word_diff(old, new):
    """The HTML text ``new`` with the words added since ``old`` in
    ``<added>`` and the words of ``old`` deleted in ``<removed>``.

    :param old: HTML text (str or Markup) before the change
    :param new: HTML text after the change
    :return: Markup, well-formed, all text escaped
    """
    return _Comparison(old, new).compute()


def marked_words(diff):
    """The texts marked added and removed in a comparison from
    ``html_word_diff``, in order: ([added texts], [removed texts])."""
    root = html.fragment_fromstring(str(diff or "") or "<div></div>", "div")

    def texts(tag):
        return [
            " ".join(
                etree.tostring(
                    node, method="text", encoding="unicode", with_tail=False
                ).split()
            )
            for node in root.iter(tag)
        ]

    return texts("added"), texts("removed")
