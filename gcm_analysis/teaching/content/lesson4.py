"""Lesson 4 · Funding gap and resource mobilisation: English and French side by side."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "# Lesson 4 · Funding gap and resource-mobilisation plan\n\n"
              "**You will learn to** list the funding sources the Guidance names, "
              "tell secured money from pledges and hopes, measure a funding gap "
              "and a risk-adjusted gap, draft a resource-mobilisation plan, and "
              "test what a cut in funding does to the plan.\n\n"
              "**Time:** about 90 minutes (6 exercises). **Data:** the costed plan "
              "and the (invented) funding partners of the fictional Republic of "
              "Lumeria.",
        "fr": "# Leçon 4 · Déficit de financement et plan de mobilisation des "
              "ressources\n\n"
              "**Vous apprendrez à** recenser les sources de financement que cite "
              "le Guide, distinguer l'argent acquis des annonces et des espoirs, "
              "mesurer un déficit de financement et un déficit ajusté du risque, "
              "esquisser un plan de mobilisation des ressources, et tester ce "
              "qu'une baisse de financement fait au plan.\n\n"
              "**Durée :** environ 90 minutes (6 exercices). **Données :** le plan "
              "chiffré et les partenaires financiers (inventés) de la République "
              "fictive de Lumeria.",
    },
    "sources_intro": {
        "en": "## The sources the Guidance names\n\n"
              "Action 3 of the Guidance, *« {action3_title_fr} »*, asks "
              "governments to hold bilateral meetings on funding, to identify "
              "potential sources and to write a resource-mobilisation plan. Its "
              "list of potential sources is below: French as written, English "
              "our translation. Two rows are **our additions**, because a plan's "
              "funding table needs them, and are marked so.",
        "fr": "## Les sources que cite le Guide\n\n"
              "L'action 3 du Guide, *« {action3_title_fr} »*, demande aux "
              "gouvernements de tenir des réunions bilatérales sur le financement, "
              "d'identifier les sources potentielles et de rédiger un plan de "
              "mobilisation des ressources. Sa liste de sources potentielles "
              "figure ci-dessous : français tel quel, anglais : notre traduction. "
              "Deux lignes sont **nos ajouts**, parce que le tableau de "
              "financement d'un plan en a besoin, et sont signalées comme telles.",
    },
    "ex4.1.prompt": {
        "en": "### Exercise 4.1 · Ours or the Guidance's?\n\n"
              "**Which two source types in the table are not in the Guidance's "
              "list?** Answer with their codes, e.g. `[\"foundations\", "
              "\"remittances\"]`.",
        "fr": "### Exercice 4.1 · Le Guide ou nous ?\n\n"
              "**Quels sont les deux types de sources du tableau qui ne figurent "
              "pas dans la liste du Guide ?** Répondez par leurs codes, par "
              "exemple `[\"foundations\", \"remittances\"]`.",
    },
    "ex4.1.hint1": {
        "en": "Look at the column that says whether the Guidance's list names the "
              "source.",
        "fr": "Regardez la colonne qui indique si la liste du Guide cite la "
              "source.",
    },
    "ex4.1.hint2": {
        "en": "One is the government's own budget; the other is aid from a single "
              "donor country.",
        "fr": "L'une est le budget propre de l'État ; l'autre l'aide d'un seul pays "
              "donateur.",
    },
    "ex4.1.correct": {
        "en": "{expected}. The Guidance calls the national budget central (Action "
              "2) and mentions development cooperation partners, but its list of "
              "sources names neither as such. Saying what is ours keeps the plan "
              "honest about its sources.",
        "fr": "{expected}. Le Guide qualifie le budget national d'essentiel "
              "(action 2) et évoque les partenaires de coopération au "
              "développement, mais sa liste de sources ne cite ni l'un ni "
              "l'autre en tant que tels. Dire ce qui est de nous garde le plan "
              "honnête sur ses sources.",
    },
    "ex4.1.wrong": {
        "en": "Pick the two rows whose *named in the Guidance's list* column says "
              "no.",
        "fr": "Prenez les deux lignes dont la colonne *cité dans la liste du "
              "Guide* dit non.",
    },
    "ex4.1.mistake.guidance_named": {
        "en": "{codes}: the Guidance's list names these (Action 3, step 2). Keep "
              "only the two rows marked as our additions.",
        "fr": "{codes} : la liste du Guide les cite (action 3, étape 2). Ne gardez "
              "que les deux lignes signalées comme nos ajouts.",
    },
    "funding_intro": {
        "en": "## Lumeria's funding\n\n"
              "Lumeria's plan lists {n_sources} sources, year by year, each with a "
              "**status**: *secured* (in an adopted budget or a signed "
              "agreement), *pledged* (announced, not signed), *pipeline* "
              "(proposal submitted) or *to be mobilised* (not yet approached). "
              "Each status has a default likelihood that the money arrives "
              "(secured 1, pledged 0.8, pipeline 0.5, to be mobilised 0.2): "
              "these are **GCM Workbook assumptions**, to be replaced by the "
              "plan's own judgement.\n\n"
              "Money is allocated year by year: earmarked money first, then "
              "unearmarked money, most certain first, essential interventions "
              "first (`docs/method_funding.md`). The table shows each source's "
              "amounts and what was allocated.",
        "fr": "## Le financement de Lumeria\n\n"
              "Le plan de Lumeria énumère {n_sources} sources, année par année, "
              "chacune avec un **statut** : *acquis* (dans un budget adopté ou un "
              "accord signé), *annoncé* (promis, non signé), *en préparation* "
              "(proposition soumise) ou *à mobiliser* (pas encore sollicité). "
              "Chaque statut a une probabilité par défaut que l'argent arrive "
              "(acquis 1, annoncé 0,8, en préparation 0,5, à mobiliser 0,2) : ce "
              "sont des **hypothèses de cet outil**, à remplacer par le jugement "
              "propre du plan.\n\n"
              "L'argent est affecté année par année : d'abord l'argent affecté à "
              "un objet précis, puis l'argent non affecté, le plus sûr d'abord, "
              "les interventions essentielles d'abord (`docs/method_funding.md`). "
              "Le tableau donne les montants de chaque source et ce qui a été "
              "affecté.",
    },
    "ex4.2.prompt": {
        "en": "### Exercise 4.2 · What is certain?\n\n"
              "**What share of the plan's cost (0-1) is covered by *secured* "
              "money?** Use the table of amounts by status above.",
        "fr": "### Exercice 4.2 · Qu'est-ce qui est sûr ?\n\n"
              "**Quelle part du coût du plan (0-1) est couverte par de l'argent "
              "*acquis* ?** Utilisez le tableau des montants par statut "
              "ci-dessus.",
    },
    "ex4.2.hint1": {
        "en": "Secured only: an adopted budget or a signed agreement.",
        "fr": "Seulement l'acquis : budget adopté ou accord signé.",
    },
    "ex4.2.hint2": {
        "en": "Secured amount ÷ cost, written between 0 and 1.",
        "fr": "Montant acquis ÷ coût, écrit entre 0 et 1.",
    },
    "ex4.2.correct": {
        "en": "{expected}: {secured} of {cost}. Less than half of the plan rests "
              "on money already decided; the rest depends on promises and on "
              "sources still to convince.",
        "fr": "{expected} : {secured} sur {cost}. Moins de la moitié du plan "
              "repose sur de l'argent déjà décidé ; le reste dépend de promesses "
              "et de sources encore à convaincre.",
    },
    "ex4.2.wrong": {
        "en": "Divide the secured amount by the cost; leave out pledged, pipeline "
              "and to-be-mobilised money.",
        "fr": "Divisez le montant acquis par le coût ; laissez de côté l'annoncé, "
              "l'en-préparation et l'à-mobiliser.",
    },
    "ex4.2.mistake.pledged_as_secured": {
        "en": "You counted pledges as secured: a pledge is announced, not yet "
              "signed or appropriated. Only *secured* money counts here.",
        "fr": "Vous avez compté les annonces comme acquises : une annonce est "
              "promise, pas encore signée ni inscrite au budget. Seul l'*acquis* "
              "compte ici.",
    },
    "ex4.2.mistake.all_sources": {
        "en": "You counted every identified source: pledges, proposals and "
              "sources not yet approached are not secured.",
        "fr": "Vous avez compté toutes les sources identifiées : annonces, "
              "propositions et sources pas encore sollicitées ne sont pas "
              "acquises.",
    },
    "ex4.2.mistake.expected_coverage": {
        "en": "That is the expected coverage (every source weighted by its "
              "likelihood). The question asks for secured money only.",
        "fr": "C'est la couverture attendue (chaque source pondérée par sa "
              "probabilité). La question ne porte que sur l'argent acquis.",
    },
    "gaps_intro": {
        "en": "## Two gaps\n\n"
              "- The **gap** is cost minus all the money identified: what is "
              "missing *if every source delivers*.\n"
              "- The **risk-adjusted gap** is cost minus the *expected* funding, "
              "each amount weighted by its likelihood: what is likely to be "
              "missing.\n\n"
              "Red, amber and green say how much of an objective's cost is "
              "expected to be covered (green from 90 %, amber from 50 %: our "
              "thresholds).",
        "fr": "## Deux déficits\n\n"
              "- Le **déficit** est le coût moins tout l'argent identifié : ce "
              "qui manque *si chaque source tient parole*.\n"
              "- Le **déficit ajusté du risque** est le coût moins le financement "
              "*attendu*, chaque montant pondéré par sa probabilité : ce qui "
              "manquera probablement.\n\n"
              "Rouge, orange et vert disent quelle part du coût d'un objectif "
              "devrait être couverte (vert dès 90 %, orange dès 50 % : nos "
              "seuils).",
    },
    "ex4.3.prompt": {
        "en": "### Exercise 4.3 · The risk-adjusted gap\n\n"
              "**What is the plan's risk-adjusted gap, in {currency}?** Start from "
              "the cost and the amounts by status in the table above, each "
              "weighted by its default likelihood.",
        "fr": "### Exercice 4.3 · Le déficit ajusté du risque\n\n"
              "**Quel est le déficit ajusté du risque du plan, en {currency} ?** "
              "Partez du coût et des montants par statut du tableau ci-dessus, "
              "chacun pondéré par sa probabilité par défaut.",
    },
    "ex4.3.hint1": {
        "en": "Expected funding weighs each allocated amount by the likelihood of "
              "its status.",
        "fr": "Le financement attendu pondère chaque montant affecté par la "
              "probabilité de son statut.",
    },
    "ex4.3.hint2": {
        "en": "Cost − (1 × secured + 0.8 × pledged + 0.5 × pipeline + 0.2 × to be "
              "mobilised), with the default likelihoods.",
        "fr": "Coût − (1 × acquis + 0,8 × annoncé + 0,5 × en préparation + 0,2 × "
              "à mobiliser), avec les probabilités par défaut.",
    },
    "ex4.3.correct": {
        "en": "{expected}, against a gap of {gap} if every source delivers. The "
              "difference is the risk carried by pledges and hopes: it is what "
              "the mobilisation plan must work on.",
        "fr": "{expected}, contre un déficit de {gap} si chaque source tient "
              "parole. La différence est le risque porté par les annonces et les "
              "espoirs : c'est sur elle que le plan de mobilisation doit "
              "travailler.",
    },
    "ex4.3.wrong": {
        "en": "Subtract the expected funding (not the identified funding) from "
              "the cost.",
        "fr": "Soustrayez du coût le financement attendu (pas le financement "
              "identifié).",
    },
    "ex4.3.mistake.face_value_gap": {
        "en": "That is the gap *if every source delivers*: weigh each source by "
              "its likelihood to get the risk-adjusted gap.",
        "fr": "C'est le déficit *si chaque source tient parole* : pondérez chaque "
              "source par sa probabilité pour obtenir le déficit ajusté du "
              "risque.",
    },
    "ex4.3.mistake.secured_only": {
        "en": "You counted only secured money: the other sources count too, "
              "weighted by their likelihood (0.8, 0.5, 0.2).",
        "fr": "Vous n'avez compté que l'acquis : les autres sources comptent "
              "aussi, pondérées par leur probabilité (0,8, 0,5, 0,2).",
    },
    "ex4.3.mistake.pledged_full": {
        "en": "You counted pledges in full and left out pipeline and "
              "to-be-mobilised money: weigh every source by its likelihood.",
        "fr": "Vous avez compté les annonces en totalité et oublié l'argent en "
              "préparation et à mobiliser : pondérez chaque source par sa "
              "probabilité.",
    },
    "ex4.4.prompt": {
        "en": "### Exercise 4.4 · Where is the risk?\n\n"
              "**Which objective (its number) has the largest risk-adjusted gap "
              "in {currency}?**",
        "fr": "### Exercice 4.4 · Où est le risque ?\n\n"
              "**Quel objectif (son numéro) a le plus grand déficit ajusté du "
              "risque en {currency} ?**",
    },
    "ex4.4.hint1": {
        "en": "Use the *risk-adjusted gap* column of the table by objective.",
        "fr": "Utilisez la colonne *déficit ajusté du risque* du tableau par "
              "objectif.",
    },
    "ex4.4.hint2": {
        "en": "Not the largest cost, nor the largest gap at face value, nor the "
              "lowest coverage: the largest risk-adjusted amount.",
        "fr": "Ni le plus gros coût, ni le plus grand déficit brut, ni la plus "
              "faible couverture : le plus grand montant ajusté du risque.",
    },
    "ex4.4.correct": {
        "en": "Objective {expected}: *{riskiest_title}*, risk-adjusted gap "
              "{riskiest_gap}. Much of its money is only pledged or not yet "
              "asked for: it comes first in the mobilisation plan.",
        "fr": "Objectif {expected} : *{riskiest_title}*, déficit ajusté du "
              "risque {riskiest_gap}. Une grande part de son argent n'est "
              "qu'annoncée ou pas encore demandée : il vient en tête du plan de "
              "mobilisation.",
    },
    "ex4.4.wrong": {
        "en": "Sort the table by the risk-adjusted gap.",
        "fr": "Triez le tableau par déficit ajusté du risque.",
    },
    "ex4.4.mistake.largest_cost": {
        "en": "That objective costs the most, but most of its cost is covered: "
              "the question asks where the risk-adjusted gap is largest.",
        "fr": "Cet objectif coûte le plus, mais l'essentiel de son coût est "
              "couvert : la question demande où le déficit ajusté du risque est "
              "le plus grand.",
    },
    "ex4.4.mistake.face_value_gap": {
        "en": "That objective has the largest gap if every source delivers (and "
              "the lowest coverage), but once likelihoods are counted another "
              "objective carries more risk in {currency}.",
        "fr": "Cet objectif a le plus grand déficit si chaque source tient parole "
              "(et la plus faible couverture), mais une fois les probabilités "
              "prises en compte, un autre objectif porte plus de risque en "
              "{currency}.",
    },
    "ex4.4.mistake.lowest_coverage": {
        "en": "That objective has the lowest coverage share, but a smaller gap "
              "in {currency}: the question asks for the amount.",
        "fr": "Cet objectif a la plus faible part couverte, mais un déficit plus "
              "petit en {currency} : la question porte sur le montant.",
    },
    "mobilisation_intro": {
        "en": "## The resource-mobilisation plan\n\n"
              "For each objective with a risk-adjusted gap the package proposes "
              "whom to approach and why, largest gap first: first the plan's own "
              "uncertain sources (confirm before asking new ones), then domestic "
              "re-allocation, then sources suited to the objective, then sources "
              "suited to any objective. Each reason carries a marker: **[V]** "
              "verified in the cited source, **[P]** partly or second-hand, "
              "**[U]** unverified or our judgement. Some facts worth knowing:\n\n"
              "- The **Migration Multi-Partner Trust Fund** is the only UN pooled "
              "fund dedicated to migration; its main purpose is to help States "
              "implement the GCM. UN country teams design joint programmes with "
              "national partners [V]. Its first six joint programmes totalled "
              "USD 12 million, about USD 2 million each [P].\n"
              "- The **Joint SDG Fund** accepts funding requests **only through "
              "the UN Resident Coordinator**; governments take part as partners, "
              "not as direct applicants [V].\n"
              "- Objective 19 of the GCM mentions diaspora bonds and diaspora "
              "funds [V].\n\n"
              "Lead times and suited objectives are our assumptions [U]: set them "
              "to your budget calendar and each fund's cycle.",
        "fr": "## Le plan de mobilisation des ressources\n\n"
              "Pour chaque objectif présentant un déficit ajusté du risque, "
              "l'outil propose qui solliciter et pourquoi, en commençant par le "
              "plus grand déficit : d'abord les sources incertaines du plan "
              "lui-même (confirmer avant de solliciter de nouvelles sources), "
              "puis la réaffectation nationale, puis les sources adaptées à "
              "l'objectif, puis celles adaptées à tout objectif. Chaque raison "
              "porte un repère : **[V]** vérifié dans la source citée, **[P]** "
              "partiellement ou de seconde main, **[U]** non vérifié ou notre "
              "jugement. Quelques faits utiles :\n\n"
              "- Le **Fonds d'affectation spéciale pluripartenaire pour la "
              "migration** est le seul fonds commun des Nations Unies consacré à "
              "la migration ; il sert d'abord à aider les États à mettre en œuvre "
              "le Pacte mondial. Les équipes de pays des Nations Unies conçoivent "
              "des programmes conjoints avec les partenaires nationaux [V]. Ses "
              "six premiers programmes conjoints totalisaient 12 millions USD, "
              "soit environ 2 millions USD chacun [P].\n"
              "- Le **Fonds commun pour les ODD** n'accepte les demandes de "
              "financement **que par l'intermédiaire du Coordonnateur résident "
              "des Nations Unies** ; les gouvernements y participent comme "
              "partenaires, pas comme demandeurs directs [V].\n"
              "- L'objectif 19 du Pacte mondial mentionne les obligations de la "
              "diaspora et les fonds de la diaspora [V].\n\n"
              "Délais et objectifs adaptés sont nos hypothèses [U] : calez-les sur "
              "votre calendrier budgétaire et le cycle de chaque fonds.",
    },
    "ex4.5.prompt": {
        "en": "### Exercise 4.5 · Knocking on the right door\n\n"
              "Lumeria wants to request support from the Joint SDG Fund for its "
              "migration statistics. How does the request reach the Fund? Answer "
              "`\"a\"`, `\"b\"`, `\"c\"` or `\"d\"`.\n\n"
              "- **a.** The Ministry of Finance applies directly to the Fund.\n"
              "- **b.** Through the UN Resident Coordinator, with the UN country "
              "team, the government taking part as a partner.\n"
              "- **c.** Through the Steering Committee of the Migration MPTF.\n"
              "- **d.** Through the embassy of a donor country.",
        "fr": "### Exercice 4.5 · Frapper à la bonne porte\n\n"
              "Lumeria veut demander l'appui du Fonds commun pour les ODD pour ses "
              "statistiques migratoires. Comment la demande parvient-elle au "
              "Fonds ? Répondez `\"a\"`, `\"b\"`, `\"c\"` ou `\"d\"`.\n\n"
              "- **a.** Le ministère des Finances postule directement auprès du "
              "Fonds.\n"
              "- **b.** Par l'intermédiaire du Coordonnateur résident des Nations "
              "Unies, avec l'équipe de pays, le gouvernement participant comme "
              "partenaire.\n"
              "- **c.** Par le Comité de pilotage du Fonds pluripartenaire pour la "
              "migration.\n"
              "- **d.** Par l'ambassade d'un pays donateur.",
    },
    "ex4.5.hint1": {
        "en": "Read the facts above the exercise: who may submit requests to the "
              "Joint SDG Fund?",
        "fr": "Relisez les faits au-dessus de l'exercice : qui peut soumettre des "
              "demandes au Fonds commun pour les ODD ?",
    },
    "ex4.5.hint2": {
        "en": "The Fund works through the UN development system at country "
              "level.",
        "fr": "Le Fonds passe par le système des Nations Unies pour le "
              "développement au niveau du pays.",
    },
    "ex4.5.correct": {
        "en": "Answer {expected}: requests go only through the UN Resident "
              "Coordinator [V]. Lumeria's funding sheet says so in the source's "
              "conditions, and its mobilisation plan names the channel.",
        "fr": "Réponse {expected} : les demandes passent uniquement par le "
              "Coordonnateur résident des Nations Unies [V]. La feuille de "
              "financement de Lumeria l'indique dans les conditions de la source, "
              "et son plan de mobilisation nomme ce canal.",
    },
    "ex4.5.wrong": {
        "en": "Check the fact about the Joint SDG Fund above the exercise.",
        "fr": "Vérifiez le fait concernant le Fonds commun pour les ODD "
              "au-dessus de l'exercice.",
    },
    "ex4.5.mistake.a": {
        "en": "Governments are not direct applicants to the Joint SDG Fund: "
              "requests go through the UN Resident Coordinator [V].",
        "fr": "Les gouvernements ne sont pas des demandeurs directs auprès du "
              "Fonds commun pour les ODD : les demandes passent par le "
              "Coordonnateur résident des Nations Unies [V].",
    },
    "ex4.5.mistake.c": {
        "en": "The Migration MPTF is a different fund with its own governance; "
              "it does not channel requests to the Joint SDG Fund.",
        "fr": "Le Fonds pluripartenaire pour la migration est un autre fonds, "
              "avec sa propre gouvernance ; il ne transmet pas de demandes au "
              "Fonds commun pour les ODD.",
    },
    "ex4.5.mistake.d": {
        "en": "A donor's embassy is the channel for bilateral aid, not for a UN "
              "pooled fund.",
        "fr": "L'ambassade d'un donateur est le canal de l'aide bilatérale, pas "
              "celui d'un fonds commun des Nations Unies.",
    },
    "crisis_intro": {
        "en": "## A crisis test\n\n"
              "Among the topics of the bilateral meetings, the Guidance lists "
              "*« {reallocation_fr} »* (our English: *{reallocation_en}*). The "
              "package tests it: a source loses part of its money, earmarks the "
              "source agreed may be lifted are lifted, and the same allocation "
              "rule runs again, so the money left goes to essential interventions "
              "first. Here, an invented scenario: **{shock_source} cuts "
              "{shock_share} of its {shock_year} money.**",
        "fr": "## Un test de crise\n\n"
              "Parmi les sujets des réunions bilatérales, le Guide cite les "
              "*« {reallocation_fr} »*. L'outil le teste : une source perd une "
              "partie de son argent, les affectations que la source a accepté de "
              "lever sont levées, et la même règle d'affectation tourne de "
              "nouveau, de sorte que l'argent restant va d'abord aux interventions "
              "essentielles. Ici, un scénario inventé : **{shock_source} réduit de "
              "{shock_share} son financement de {shock_year}.**",
    },
    "ex4.6.prompt": {
        "en": "### Exercise 4.6 · Who pays for the cut?\n\n"
              "**Which intervention loses the most money in this crisis?** Answer "
              "with its id, e.g. `\"LUM-01\"`.",
        "fr": "### Exercice 4.6 · Qui paie la coupe ?\n\n"
              "**Quelle intervention perd le plus d'argent dans cette crise ?** "
              "Répondez par son identifiant, par exemple `\"LUM-01\"`.",
    },
    "ex4.6.hint1": {
        "en": "Look at the *change* column of the crisis table: the most negative "
              "amount.",
        "fr": "Regardez la colonne *variation* du tableau de crise : le montant "
              "le plus négatif.",
    },
    "ex4.6.hint2": {
        "en": "Essential interventions are funded first, so the cut falls on the "
              "others.",
        "fr": "Les interventions essentielles sont financées en premier : la "
              "coupe retombe sur les autres.",
    },
    "ex4.6.correct": {
        "en": "{expected}: *{loser_title}* loses {loser_change} "
              "({loser_outcome}). The {n_essential} essential interventions keep "
              "their funding; the whole cut lands on non-essential work. Is that "
              "the choice Lumeria wants? That is a question for the validation "
              "workshop.",
        "fr": "{expected} : *{loser_title}* perd {loser_change} "
              "({loser_outcome}). Les {n_essential} interventions essentielles "
              "gardent leur financement ; toute la coupe retombe sur le travail "
              "non essentiel. Est-ce le choix que veut Lumeria ? C'est une "
              "question pour l'atelier de validation.",
    },
    "ex4.6.wrong": {
        "en": "Sort the crisis table by the change in funding.",
        "fr": "Triez le tableau de crise par variation du financement.",
    },
    "ex4.6.mistake.essential": {
        "en": "That intervention is *essential*: the allocation rule funds "
              "essential interventions first, so it is protected. Look at the "
              "others.",
        "fr": "Cette intervention est *essentielle* : la règle d'affectation "
              "finance d'abord les interventions essentielles, elle est donc "
              "protégée. Regardez les autres.",
    },
    "ex4.6.mistake.second": {
        "en": "That intervention loses money too, but less than another one.",
        "fr": "Cette intervention perd aussi de l'argent, mais moins qu'une "
              "autre.",
    },
    "whatif_intro": {
        "en": "## What if?\n\n"
              "Choose which source type is cut, by how much and in which year, "
              "and watch the gaps of essential and other interventions. Each "
              "position re-runs the package's allocation rule.",
        "fr": "## Et si… ?\n\n"
              "Choisissez quel type de source est réduit, de combien et en quelle "
              "année, et observez les déficits des interventions essentielles et "
              "des autres. Chaque position relance la règle d'affectation de "
              "l'outil.",
    },
    "summary": {
        "en": "## Key points\n\n"
              "- Name every source with its status; only secured money is "
              "certain.\n"
              "- Show two gaps: if every source delivers, and risk-adjusted.\n"
              "- Say which facts about funds are verified; approach the Joint SDG "
              "Fund through the UN Resident Coordinator.\n"
              "- Agree in advance how money is re-allocated in a crisis, and what "
              "is protected.\n\n"
              "**To discuss:** which of your pledges would you call secured, and "
              "on what evidence? Which partner should you meet first, and with "
              "which gap? What would you protect if a third of your external "
              "funding stopped?",
        "fr": "## À retenir\n\n"
              "- Nommez chaque source avec son statut ; seul l'acquis est sûr.\n"
              "- Montrez deux déficits : si chaque source tient parole, et ajusté "
              "du risque.\n"
              "- Dites quels faits sur les fonds sont vérifiés ; adressez-vous au "
              "Fonds commun pour les ODD par le Coordonnateur résident des "
              "Nations Unies.\n"
              "- Convenez à l'avance de la réaffectation de l'argent en cas de "
              "crise, et de ce qui est protégé.\n\n"
              "**À discuter :** lesquelles de vos annonces appelleriez-vous "
              "acquises, et sur quelle preuve ? Quel partenaire rencontrer en "
              "premier, et avec quel déficit ? Que protégeriez-vous si un tiers de "
              "votre financement extérieur s'arrêtait ?",
    },
}
