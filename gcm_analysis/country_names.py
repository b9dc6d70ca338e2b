"""Country names inside French sentences: with their article and prepositions.

French puts an article before most country names and contracts it with the
prepositions: *le Kenya*, *au Kenya*, *du Kenya*; *la France*, *en France*,
*de la France*; *l'Iran*, *en Iran*, *de l'Iran*; *les Philippines*, *aux
Philippines*, *des Philippines*; and no article for most island and city
states: *Haïti*, *en Haïti*, *d'Haïti*; *Cuba*, *à Cuba*, *de Cuba*.

The names are the UN M49 French short names of ``data/processed/countries.csv``
(``country_name_fr``), the names UNTERM uses; UNTERM gives each with its article
(``Kenya (le)``). Rather than copy a third-party list, the article follows from
the rules below, written for this project and checked against UNTERM's
articles for the countries the tests name (``tests/test_country_names.py``):

1. the exceptions of :data:`NO_ARTICLE` (island and city states, territories,
   names beginning ``Saint``/``Sainte``/``Sao``) take none;
2. :data:`PLURAL` names and names beginning ``Îles`` take *les*;
3. a name beginning with a vowel takes *l'*;
4. the gender is that of the first word (``République``, ``Fédération`` are
   feminine; ``Royaume`` masculine): feminine when it ends in *e*, except the
   masculine names of :data:`MASCULINE_IN_E` (*le Mexique*, *le Cambodge*,
   *le Mozambique*, *le Zimbabwe*...).

"In/to" is *aux* before *les*, *en* before a feminine name or one beginning with
a vowel, *au* before a masculine name beginning with a consonant, and *à*
without article (*en* for :data:`EN_WITHOUT_ARTICLE`: *en Haïti*, *en Israël*).

Placeholders a catalogue text may use (filled by :func:`gcm_analysis.i18n.t`
from ``country_name``): ``{country_le}`` (*le Kenya*), ``{country_Le}`` at the
start of a sentence (*Le Kenya*), ``{country_du}`` (*du Kenya*), ``{country_au}``
(*au Kenya*, *en France*). In English each is the name itself.
"""

from __future__ import annotations

import re

VOWELS = "AEIOUÂÉÈÊËÎÏÔÖÛÜŒÆ"

NO_ARTICLE: frozenset[str] = frozenset({
    "Haïti", "Cuba", "Madagascar", "Malte", "Chypre", "Bahreïn", "Singapour",
    "Monaco", "Israël", "Oman", "Maurice", "Nauru", "Tuvalu", "Kiribati",
    "Sri Lanka", "Djibouti", "Antigua-et-Barbuda", "Aruba", "Anguilla", "Gibraltar",
    "Guam", "Jersey", "Guernesey", "Montserrat", "Mayotte", "Curaçao", "Tokélaou",
    "Nioué", "Porto Rico", "El Salvador", "Macao", "Chine, région administrative "
    "spéciale de Hong Kong", "Chine, région administrative spéciale de Macao",
    "Bonaire, Saint-Eustache et Saba", "Pitcairn", "Sark",
})
PLURAL: frozenset[str] = frozenset({
    "Philippines", "Comores", "Maldives", "Bahamas", "Seychelles", "Fidji",
    "Tonga", "Palaos", "Bermudes", "Pays-Bas", "Pays-Bas (Royaume des)",
    "États-Unis d'Amérique", "Émirats arabes unis",
})
MASCULINE_IN_E: frozenset[str] = frozenset({
    "Mexique", "Cambodge", "Mozambique", "Zimbabwe", "Belize", "Suriname",
    "Royaume-Uni", "Royaume", "Saint-Siège", "Liechtenstein", "Groenland",
})
EN_WITHOUT_ARTICLE: frozenset[str] = frozenset({"Haïti", "Israël"})
_FEMININE_WORDS = frozenset({"République", "Fédération", "Trinité", "Sierra"})


def article(name: str) -> str:
    """``le``, ``la``, ``l'``, ``les`` or ``""`` for a French country name.

    Examples
    --------
    >>> [article(n) for n in ("Kenya", "France", "Iran (République islamique d')",
    ...                       "Philippines", "Haïti", "Mexique", "Îles Salomon")]
    ['le', 'la', "l'", 'les', '', 'le', 'les']
    """
    name = name.strip()
    saint = re.match(r"(Saint|Sainte|Sao)\b|Saint-(?!Siège)", name)
    if not name or name in NO_ARTICLE or saint:
        return ""
    if name in PLURAL or name.startswith("Îles"):
        return "les"
    if name[0].upper() in VOWELS:
        return "l'"
    first = re.split(r"[ (,]", name, maxsplit=1)[0]
    head = first.split("-")[0]
    if first in MASCULINE_IN_E or head in MASCULINE_IN_E or name in MASCULINE_IN_E:
        return "le"
    if head in _FEMININE_WORDS or head.endswith("e"):
        return "la"
    return "le"


def forms(name: str, lang: str = "en") -> dict[str, str]:
    """The placeholders ``country_le``, ``country_Le``, ``country_du``,
    ``country_au`` for ``name`` in ``lang`` (English: the name itself).

    Examples
    --------
    >>> f = forms("Kenya", "fr")
    >>> f["country_le"], f["country_Le"], f["country_du"], f["country_au"]
    ('le Kenya', 'Le Kenya', 'du Kenya', 'au Kenya')
    >>> [forms(n, "fr")["country_au"] for n in ("France", "Philippines", "Haïti",
    ...                                         "Cuba", "Iraq")]
    ['en France', 'aux Philippines', 'en Haïti', 'à Cuba', 'en Iraq']
    >>> [forms(n, "fr")["country_du"] for n in ("Sénégal", "Philippines", "Haïti",
    ...                                         "Égypte", "Cuba")]
    ['du Sénégal', 'des Philippines', "d'Haïti", "de l'Égypte", 'de Cuba']
    """
    if lang != "fr":
        return {key: name for key in ("country_le", "country_Le", "country_du",
                                      "country_au")}
    art = article(name)
    elided = name[:1].upper() in VOWELS or name.startswith("H") and art == ""
    if art == "":
        le = name
        du = ("d'" if elided else "de ") + name
        au = ("en " if name in EN_WITHOUT_ARTICLE else "à ") + name
    elif art == "les":
        le, du, au = f"les {name}", f"des {name}", f"aux {name}"
    elif art == "l'":
        le, du, au = f"l'{name}", f"de l'{name}", f"en {name}"
    elif art == "la":
        le, du, au = f"la {name}", f"de la {name}", f"en {name}"
    else:
        le, du, au = f"le {name}", f"du {name}", f"au {name}"
    return {"country_le": le, "country_Le": le[:1].upper() + le[1:],
            "country_du": du, "country_au": au}
