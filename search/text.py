"""What a visitor typed, made into search terms the same way on every database.

- `plain_query`: the text shown back to the visitor, without control characters (a NUL byte is
  refused by PostgreSQL) and cut to `MAX_QUERY_LENGTH`;
- `search_terms`: the words to look for: letters and digits only (punctuation, quotes and
  operators never reach a full-text query language), French, Dutch, German and English stop
  words left out, at most `MAX_TERMS` words of at most `MAX_TERM_LENGTH` letters;
- `stem`: a light French stemmer (the plural), used where the database has no stemmer of its
  own (SQLite's FTS5): "concerts" and "concert" both become "concert", "théâtres" "theatre",
  "festivaux" "festival", and the backend then looks for words starting with the stem (so
  "concert" finds "concerts" too, and "expo" "exposition").
  PostgreSQL stems with its own French dictionary (`search.backends`)."""

import re

from xmille.folding import fold

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
MAX_TERM_LENGTH = 40
# Shorter stems would find too much ("ar" for "arts").
MIN_PREFIX_LENGTH = 3

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
WORD = re.compile(r"[^\W_]+")

# Words that say nothing about what is looked for (folded: no accents).
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "il",
        "ils",
        "j",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "aan",
        "bij",
        "der",
        "die",
        "das",
        "und",
        "im",
        "am",
        "zu",
        "zum",
        "zur",
        "mit",
        "von",
        "fur",
        "ein",
        "eine",
        "the",
        "of",
        "and",
        "to",
        "at",
        "on",
        "for",
        "with",
        "an",
    ]
)


def plain_query(text: str) -> str:
    """What the visitor typed, without control characters and cut to a reasonable length."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text or "")[: MAX_QUERY_LENGTH * 5].split())[
        :MAX_QUERY_LENGTH
    ]


def search_terms(text: str) -> list[str]:
    """The words of `text` worth looking for, folded (lower case, no accents), in order, without
    repeats. Only stop words: those words, so that "de la" still looks for something."""
    words = []
    for word in WORD.findall(fold(text)):
        word = word[:MAX_TERM_LENGTH]
        if word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in STOP_WORDS]
    return (meaningful or words)[:MAX_TERMS]


def stem(word: str) -> str:
    """A folded French word without its plural ("festivaux" -> "festival", "châteaux" ->
    "chateau", "théâtres" -> "theatre"): what to look for as the start of words. A final mute
    "e" stays ("danse" must not become "dans")."""
    if len(word) > 4 and word.endswith("eaux"):
        return word[:-1]
    if len(word) > 4 and word.endswith("aux"):
        return word[:-3] + "al"
    if len(word) > MIN_PREFIX_LENGTH and word[-1] in "sx":
        return word[:-1]
    return word
