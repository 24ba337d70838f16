"""One-line teasers ("Read more: <headline>") and follow/share prompts ("Follow us on Twitter") go, in every
shipped language, while the article around them, and prose sentences that use the same words, stay.

Each document is made up, long enough for the language detector, and runs through the default Cleaner.
"""

from __future__ import annotations

import pytest

from cleantext import Cleaner

# (language, document, lines that must go, lines that must stay)
CASES = [
    (
        "en",
        "The city council approved the budget for the new bridge on Tuesday after a long debate.\n"
        "Read more: Bridge costs soar as council delays vote\n"
        "The mayor said the work would start in May and take two years to finish.\n"
        "Read more about the budget in our report, the mayor said at the end of the meeting.\n"
        "See also: The council said on Tuesday that the cost of the bridge had doubled since the first plans.\n"
        "Follow us on Twitter and Facebook for the latest updates.\n",
        ["Read more: Bridge costs soar as council delays vote", "Follow us on Twitter and Facebook"],
        [
            "The mayor said the work would start in May",
            "Read more about the budget in our report, the mayor said",
            "See also: The council said on Tuesday that the cost of the bridge had doubled",
        ],
    ),
    (
        "en",
        "Residents have waited for the bridge for more than twenty years, and many of them came to the meeting.\n"
        "Follow us on this journey as we report on every stage of the work, the editor wrote in a note to readers.\n"
        "RELATED: Why the old bridge had to go\n"
        "He told reporters to follow us on the story as it unfolds over the coming months and years.\n"
        "Like us on Facebook\n",
        ["RELATED: Why the old bridge had to go", "Like us on Facebook"],
        ["Follow us on this journey as we report", "He told reporters to follow us on the story"],
    ),
    (
        "de",
        "Der Stadtrat hat am Dienstag nach einer langen Debatte den Haushalt für die neue Brücke beschlossen.\n"
        "Lesen Sie auch: Brücke wird doppelt so teuer wie geplant\n"
        "Die Bürgermeisterin sagte, die Arbeiten sollten im Mai beginnen und zwei Jahre dauern.\n"
        "Auch interessant: Die Zahl der Pendler über den Fluss ist in den vergangenen Jahren deutlich gestiegen.\n"
        "Folgen Sie uns auf Facebook und Instagram!\n",
        ["Lesen Sie auch: Brücke wird doppelt so teuer", "Folgen Sie uns auf Facebook"],
        ["Die Bürgermeisterin sagte", "Auch interessant: Die Zahl der Pendler über den Fluss"],
    ),
    (
        "fr",
        "Le conseil municipal a adopté mardi le budget du nouveau pont après un long débat entre les élus.\n"
        "Lire aussi : Le coût du pont a doublé depuis 2019\n"
        "La maire a indiqué que les travaux commenceraient en mai et dureraient deux ans.\n"
        "Suivez-nous sur le chemin de la vieille ville, propose le guide aux visiteurs venus nombreux.\n"
        "Suivez-nous sur Facebook et Instagram\n",
        ["Lire aussi : Le coût du pont", "Suivez-nous sur Facebook et Instagram"],
        ["La maire a indiqué que les travaux", "Suivez-nous sur le chemin de la vieille ville"],
    ),
    (
        "es",
        "El pleno del ayuntamiento aprobó el martes el presupuesto del nuevo puente tras un largo debate.\n"
        "LEER MÁS: El coste del puente se duplica desde 2019\n"
        "La alcaldesa explicó que las obras empezarán en mayo y durarán dos años.\n"
        "Lee también: El ayuntamiento explicó el martes que el coste del puente se ha duplicado desde 2019.\n"
        "Síguenos en Twitter y Facebook para estar al día\n",
        ["LEER MÁS: El coste del puente", "Síguenos en Twitter y Facebook"],
        ["La alcaldesa explicó que las obras", "Lee también: El ayuntamiento explicó el martes"],
    ),
    (
        "it",
        "Il consiglio comunale ha approvato martedì il bilancio del nuovo ponte dopo un lungo dibattito.\n"
        "LEGGI ANCHE: Il costo del ponte è raddoppiato dal 2019\n"
        "La sindaca ha spiegato che i lavori inizieranno a maggio e dureranno due anni.\n"
        "Leggi anche il parere dei tecnici, ha consigliato la sindaca ai cittadini presenti in aula.\n"
        "Seguici su Facebook e Instagram\n"
        "Condividi su WhatsApp\n",
        ["LEGGI ANCHE: Il costo del ponte", "Seguici su Facebook", "Condividi su WhatsApp"],
        ["La sindaca ha spiegato che i lavori", "Leggi anche il parere dei tecnici"],
    ),
    (
        "pt",
        "A câmara municipal aprovou na terça-feira o orçamento da nova ponte depois de um longo debate.\n"
        "Leia também: Custo da ponte dobra desde 2019\n"
        "A prefeita explicou que as obras começam em maio e vão durar dois anos.\n"
        "Leia também o parecer dos técnicos, recomendou a prefeita aos moradores presentes na sessão.\n"
        "Siga-nos no Instagram\n"
        "Compartilhe no WhatsApp\n",
        ["Leia também: Custo da ponte", "Siga-nos no Instagram", "Compartilhe no WhatsApp"],
        ["A prefeita explicou que as obras", "Leia também o parecer dos técnicos"],
    ),
    (
        "nl",
        "De gemeenteraad heeft dinsdag na een lang debat de begroting voor de nieuwe brug goedgekeurd.\n"
        "Lees ook: Kosten nieuwe brug verdubbeld sinds 2019\n"
        "De burgemeester zei dat het werk in mei begint en twee jaar gaat duren.\n"
        "Lees ook de reactie van de wethouder, raadde de krant haar lezers in een commentaar aan.\n"
        "Volg ons op Twitter\n"
        "Deel op Facebook\n",
        ["Lees ook: Kosten nieuwe brug", "Volg ons op Twitter", "Deel op Facebook"],
        ["De burgemeester zei dat het werk", "Lees ook de reactie van de wethouder"],
    ),
    (
        "pl",
        "Rada miasta przyjęła we wtorek budżet nowego mostu po długiej debacie radnych z mieszkańcami.\n"
        "Czytaj też: Koszt nowego mostu wzrósł dwukrotnie\n"
        "Prezydent miasta powiedziała, że prace ruszą w maju i potrwają dwa lata.\n"
        "Zobacz także: Rząd ogłosił we wtorek, że ceny energii wzrosną od przyszłego roku o jedną trzecią.\n"
        "Obserwuj nas na Facebooku\n"
        "Udostępnij na Twitterze\n",
        ["Czytaj też: Koszt nowego mostu", "Obserwuj nas na Facebooku", "Udostępnij na Twitterze"],
        ["Prezydent miasta powiedziała", "Zobacz także: Rząd ogłosił we wtorek"],
    ),
]


@pytest.fixture(scope="module")
def detecting_cleaner() -> Cleaner:
    """The default Cleaner: it detects each document's language and runs that language's pack."""
    return Cleaner()


@pytest.mark.parametrize(
    ("language", "document", "gone", "kept"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_teaser_and_follow_lines_go_and_the_article_stays(
    detecting_cleaner: Cleaner, language: str, document: str, gone: list[str], kept: list[str]
) -> None:
    result = detecting_cleaner.clean(document)
    assert result.language == language
    for line in gone:
        assert line not in result.text, f"{line!r} should have gone"
    for line in kept:
        assert line in result.text, f"{line!r} should have stayed"
    assert document.splitlines()[0] in result.text
