"""Lesson 1 · From needs to objectives: one source, English and French side by side."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "# Lesson 1 · From needs to objectives\n\n"
              "**You will learn to** read a country's migration indicators against "
              "its peers, turn them into a need score per GCM objective, treat "
              "missing data honestly, and combine need with stakeholders' "
              "priorities to choose the objectives a plan starts with.\n\n"
              "**Time:** about 60 minutes (5 exercises). **Data:** the invented "
              "indicators of the fictional Republic of Lumeria, compared with real "
              "countries.",
        "fr": "# Leçon 1 · Des besoins aux objectifs\n\n"
              "**Vous apprendrez à** lire les indicateurs migratoires d'un pays "
              "par rapport à ses pairs, à en tirer un score de besoin pour chaque "
              "objectif du Pacte mondial, à traiter honnêtement les données "
              "manquantes, et à combiner le besoin avec les priorités des parties "
              "prenantes pour choisir les objectifs par lesquels un plan commence."
              "\n\n**Durée :** environ 60 minutes (5 exercices). **Données :** les "
              "indicateurs inventés de la République fictive de Lumeria, comparés "
              "à des pays réels.",
    },
    "intro": {
        "en": "## Why start from needs\n\n"
              "The Guidance asks governments to discuss, in their validation "
              "workshops, *« {workshop_point3_fr} »* (our English: "
              "*{workshop_point3_en}*). A needs assessment makes that process "
              "visible: which facts point to which objectives.\n\n"
              "The GCM does not say which statistics measure the need for each of "
              "its 23 objectives. The table linking indicators to objectives, its "
              "weights and the scoring below are the **GCM Workbook's own method**, "
              "not UN text (`docs/method_needs_selection.md`).",
        "fr": "## Pourquoi partir des besoins\n\n"
              "Le Guide demande aux gouvernements d'examiner, lors des ateliers de "
              "validation, *« {workshop_point3_fr} »*. Une évaluation des besoins "
              "rend ce processus visible : quels faits conduisent à quels "
              "objectifs.\n\n"
              "Le Pacte mondial ne dit pas quelles statistiques mesurent le besoin "
              "pour chacun de ses 23 objectifs. Le tableau qui relie indicateurs "
              "et objectifs, ses pondérations et le calcul ci-dessous sont la "
              "**méthode propre de cet outil**, pas un texte des Nations Unies "
              "(`docs/method_needs_selection.md`).",
    },
    "lumeria_intro": {
        "en": "## Lumeria among its peers\n\n"
              "Lumeria is placed in the World Bank region "
              "**{peer_name}** ({n_peers} countries and territories). Its "
              "indicators are invented; its peers' are real (UN DESA, UNHCR, World "
              "Bank: `data/README.md`), read from the project's panel without "
              "changing it. Each row shows Lumeria's value, the median of the "
              "peers that have data, and Lumeria's percentile among them.",
        "fr": "## Lumeria parmi ses pairs\n\n"
              "Lumeria est placée dans la région Banque mondiale "
              "**{peer_name}** ({n_peers} pays et territoires). Ses indicateurs "
              "sont inventés ; ceux de ses pairs sont réels (DAES de l'ONU, HCR, "
              "Banque mondiale : `data/README.md`), lus dans les données du projet "
              "sans les modifier. Chaque ligne donne la valeur de Lumeria, la "
              "médiane des pairs qui ont une donnée, et le centile de Lumeria "
              "parmi eux.",
    },
    "percentile_intro": {
        "en": "## From a value to a score\n\n"
              "A **percentile** says where a value stands among the peers: 0 for "
              "the lowest, 100 for the highest, 50 for the median. With *n* peers "
              "(the country included) and the country's average rank *r* (ties "
              "share their rank):\n\n"
              "percentile = (r − 1) / (n − 1) × 100\n\n"
              "Percentiles suit migration data, where a few countries have "
              "extreme values, and make indicators in different units comparable. "
              "They ignore how far above the median a value is, so the tables "
              "always show the value next to the median.",
        "fr": "## D'une valeur à un score\n\n"
              "Un **centile** dit où se situe une valeur parmi les pairs : 0 pour "
              "la plus basse, 100 pour la plus haute, 50 pour la médiane. Avec *n* "
              "pairs (le pays compris) et le rang moyen *r* du pays (les ex aequo "
              "partagent leur rang) :\n\n"
              "centile = (r − 1) / (n − 1) × 100\n\n"
              "Les centiles conviennent aux données migratoires, où quelques pays "
              "ont des valeurs extrêmes, et rendent comparables des indicateurs "
              "d'unités différentes. Ils ignorent à quelle distance de la médiane "
              "se trouve une valeur : les tableaux montrent donc toujours la "
              "valeur à côté de la médiane.",
    },
    "ex1.1.prompt": {
        "en": "### Exercise 1.1 · A percentile\n\n"
              "**What is Lumeria's percentile (0-100) for *{remittance_label}* "
              "among its regional peers?** Read it in the table above, or compute "
              "it: Lumeria's value is {remittance_value}, {remittance_n_peers} "
              "countries of the region have data (Lumeria included), and "
              "{remittance_below} of them have a lower value.",
        "fr": "### Exercice 1.1 · Un centile\n\n"
              "**Quel est le centile (0-100) de Lumeria pour *{remittance_label}* "
              "parmi ses pairs régionaux ?** Lisez-le dans le tableau ci-dessus, "
              "ou calculez-le : la valeur de Lumeria est {remittance_value}, "
              "{remittance_n_peers} pays de la région ont une donnée (Lumeria "
              "comprise) et {remittance_below} d'entre eux ont une valeur plus "
              "basse.",
    },
    "ex1.1.hint1": {
        "en": "Use the formula: r is the number of lower values plus 1 (no tie "
              "here), n the number of peers with data.",
        "fr": "Appliquez la formule : r est le nombre de valeurs plus basses plus "
              "1 (pas d'ex aequo ici), n le nombre de pairs avec une donnée.",
    },
    "ex1.1.hint2": {
        "en": "({remittance_below} + 1 − 1) / ({remittance_n_peers} − 1) × 100.",
        "fr": "({remittance_below} + 1 − 1) / ({remittance_n_peers} − 1) × 100.",
    },
    "ex1.1.correct": {
        "en": "{expected}: only a few peers of the region receive more remittances "
              "relative to their GDP. A high percentile means a lot *relative to "
              "the peers*, not a lot in absolute terms.",
        "fr": "{expected} : seuls quelques pairs de la région reçoivent plus de "
              "transferts de fonds rapportés à leur PIB. Un centile élevé veut "
              "dire beaucoup *par rapport aux pairs*, pas beaucoup dans l'absolu.",
    },
    "ex1.1.wrong": {
        "en": "Look at the row of the indicator in the table, or count: lower "
              "values, peers with data, then the formula.",
        "fr": "Regardez la ligne de l'indicateur dans le tableau, ou comptez : "
              "valeurs plus basses, pairs avec une donnée, puis la formule.",
    },
    "ex1.1.mistake.world_peers": {
        "en": "That is Lumeria's percentile among all countries of the world: the "
              "question asks for its regional peers ({peer_name}).",
        "fr": "C'est le centile de Lumeria parmi tous les pays du monde : la "
              "question porte sur ses pairs régionaux ({peer_name}).",
    },
    "ex1.1.mistake.reversed": {
        "en": "You counted from the top: the percentile counts the peers *below* "
              "Lumeria, so the highest value scores 100.",
        "fr": "Vous avez compté depuis le haut : le centile compte les pairs "
              "*en dessous* de Lumeria, la valeur la plus haute obtient donc 100.",
    },
    "direction_intro": {
        "en": "## Direction\n\n"
              "For most indicators a higher value means more need (more "
              "emigrants, more remittances to make cheaper). For GDP per capita "
              "it is the reverse: a poorer country has fewer means, so the method "
              "counts a *lower* value as more need (direction −1) and the score is "
              "100 minus the percentile.",
        "fr": "## Le sens\n\n"
              "Pour la plupart des indicateurs, une valeur plus haute signifie "
              "plus de besoin (plus d'émigrés, plus de transferts à rendre moins "
              "chers). Pour le PIB par habitant, c'est l'inverse : un pays plus "
              "pauvre a moins de moyens, la méthode compte donc une valeur *plus "
              "basse* comme un besoin plus grand (sens −1) et le score vaut 100 "
              "moins le centile.",
    },
    "ex1.2.prompt": {
        "en": "### Exercise 1.2 · A score with direction −1\n\n"
              "Lumeria's GDP per capita ({gdp_value}) is at percentile "
              "{gdp_percentile} among its regional peers. **What score does it "
              "give for objective {direction_objective}** (*{direction_title}*), "
              "where GDP per capita has direction −1?",
        "fr": "### Exercice 1.2 · Un score de sens −1\n\n"
              "Le PIB par habitant de Lumeria ({gdp_value}) est au centile "
              "{gdp_percentile} parmi ses pairs régionaux. **Quel score donne-t-il "
              "pour l'objectif {direction_objective}** (*{direction_title}*), où "
              "le PIB par habitant a le sens −1 ?",
    },
    "ex1.2.hint1": {
        "en": "Direction −1: a low GDP per capita means a high need.",
        "fr": "Sens −1 : un PIB par habitant bas signifie un besoin élevé.",
    },
    "ex1.2.hint2": {
        "en": "Score = 100 − {gdp_percentile}.",
        "fr": "Score = 100 − {gdp_percentile}.",
    },
    "ex1.2.correct": {
        "en": "{expected}: Lumeria's GDP per capita is above the median of its "
              "regional peers, so this indicator points to *less* need than the "
              "median peer for objective {direction_objective}.",
        "fr": "{expected} : le PIB par habitant de Lumeria dépasse la médiane de "
              "ses pairs régionaux, cet indicateur signale donc *moins* de besoin "
              "que le pair médian pour l'objectif {direction_objective}.",
    },
    "ex1.2.wrong": {
        "en": "Start from the percentile given and apply the direction.",
        "fr": "Partez du centile donné et appliquez le sens.",
    },
    "ex1.2.mistake.forgot_direction": {
        "en": "That is the percentile itself: with direction −1 the score is 100 "
              "minus the percentile (a lower GDP per capita means more need).",
        "fr": "C'est le centile lui-même : avec le sens −1, le score vaut 100 "
              "moins le centile (un PIB par habitant plus bas signifie plus de "
              "besoin).",
    },
    "missing_intro": {
        "en": "## Missing data is not zero\n\n"
              "An objective's **need score** is the weighted mean of the scores of "
              "its indicators. When the country has no value for an indicator, "
              "the indicator is *left out* and the other weights are rescaled: "
              "counting it as 0 would claim a measured absence of need. The "
              "**coverage** (0-1) says how much of the objective's weight had "
              "data. For objective {missing_objective} (*{missing_title}*), "
              "Lumeria has no value for *{missing_label}*: coverage "
              "{missing_coverage}.",
        "fr": "## Une donnée manquante n'est pas un zéro\n\n"
              "Le **score de besoin** d'un objectif est la moyenne pondérée des "
              "scores de ses indicateurs. Quand le pays n'a pas de valeur pour un "
              "indicateur, celui-ci est *laissé de côté* et les autres poids sont "
              "remis à l'échelle : le compter comme 0 reviendrait à affirmer une "
              "absence de besoin mesurée. La **couverture** (0-1) dit quelle part "
              "du poids de l'objectif avait des données. Pour l'objectif "
              "{missing_objective} (*{missing_title}*), Lumeria n'a pas de valeur "
              "pour *{missing_label}* : couverture {missing_coverage}.",
    },
    "ex1.3.prompt": {
        "en": "### Exercise 1.3 · A need score with a gap in the data\n\n"
              "The table above lists objective {missing_objective}'s indicators, "
              "their weights and Lumeria's scores. **What is the need score of "
              "objective {missing_objective} (0-100)?**",
        "fr": "### Exercice 1.3 · Un score de besoin avec une donnée manquante\n\n"
              "Le tableau ci-dessus donne les indicateurs de l'objectif "
              "{missing_objective}, leurs poids et les scores de Lumeria. **Quel "
              "est le score de besoin de l'objectif {missing_objective} "
              "(0-100) ?**",
    },
    "ex1.3.hint1": {
        "en": "Weighted mean over the indicators *that have a score*: Σ weight × "
              "score, divided by the sum of *their* weights.",
        "fr": "Moyenne pondérée sur les indicateurs *qui ont un score* : Σ poids × "
              "score, divisée par la somme de *leurs* poids.",
    },
    "ex1.3.hint2": {
        "en": "The weights of the scored indicators add up to {missing_coverage}, "
              "not 1: divide by {missing_coverage}.",
        "fr": "Les poids des indicateurs notés totalisent {missing_coverage}, pas "
              "1 : divisez par {missing_coverage}.",
    },
    "ex1.3.correct": {
        "en": "{expected}, computed on {missing_coverage} of the objective's "
              "weight. Reports show the coverage next to the score so that readers "
              "know how much rests on data.",
        "fr": "{expected}, calculé sur {missing_coverage} du poids de "
              "l'objectif. Les rapports montrent la couverture à côté du score "
              "pour que le lecteur sache quelle part repose sur des données.",
    },
    "ex1.3.wrong": {
        "en": "Use the weights and scores in the table: multiply, add, and divide "
              "by the weight of the indicators that have a score.",
        "fr": "Utilisez les poids et scores du tableau : multipliez, additionnez, "
              "et divisez par le poids des indicateurs qui ont un score.",
    },
    "ex1.3.mistake.missing_as_zero": {
        "en": "You counted the missing indicator as 0 (you divided by 1): missing "
              "data is left out, so divide by the weight of the indicators that "
              "have a score ({missing_coverage}).",
        "fr": "Vous avez compté l'indicateur manquant comme 0 (vous avez divisé "
              "par 1) : une donnée manquante est laissée de côté, divisez donc par "
              "le poids des indicateurs qui ont un score ({missing_coverage}).",
    },
    "ex1.3.mistake.unweighted": {
        "en": "That is the simple mean of the scores: each indicator counts with "
              "its weight.",
        "fr": "C'est la moyenne simple des scores : chaque indicateur compte avec "
              "son poids.",
    },
    "ranking_intro": {
        "en": "## The need ranking\n\n"
              "Every objective gets its score the same way. The chart ranks them; "
              "the table gives each score with its coverage and the indicators "
              "that drive it.",
        "fr": "## Le classement des besoins\n\n"
              "Chaque objectif obtient son score de la même façon. Le graphique "
              "les classe ; le tableau donne chaque score avec sa couverture et "
              "les indicateurs qui l'expliquent.",
    },
    "ex1.4.prompt": {
        "en": "### Exercise 1.4 · The first need\n\n"
              "**Which objective (its number, 1-23) has the highest need score "
              "for Lumeria against its regional peers?**",
        "fr": "### Exercice 1.4 · Le premier besoin\n\n"
              "**Quel objectif (son numéro, de 1 à 23) a le score de besoin le "
              "plus élevé pour Lumeria face à ses pairs régionaux ?**",
    },
    "ex1.4.hint1": {
        "en": "Read the first bar of the chart, or rank 1 in the table.",
        "fr": "Lisez la première barre du graphique, ou le rang 1 du tableau.",
    },
    "ex1.4.hint2": {
        "en": "Answer with the number only, e.g. `7`.",
        "fr": "Répondez par le numéro seul, par exemple `7`.",
    },
    "ex1.4.correct": {
        "en": "Objective {expected}: *{top_title}*. Lumeria's many emigrants and "
              "large remittances, compared with its region, put the diaspora "
              "first. Need is one criterion; the next section adds others.",
        "fr": "Objectif {expected} : *{top_title}*. Les nombreux émigrés de "
              "Lumeria et ses transferts de fonds importants, comparés à sa "
              "région, placent la diaspora en tête. Le besoin est un critère ; la "
              "section suivante en ajoute d'autres.",
    },
    "ex1.4.wrong": {
        "en": "Look at rank 1 in the need table (regional peers).",
        "fr": "Regardez le rang 1 du tableau des besoins (pairs régionaux).",
    },
    "ex1.4.mistake.income_group": {
        "en": "That objective comes first against Lumeria's *income group*; the "
              "question uses its regional peers. The peer group changes the "
              "ranking: a point for the validation workshop.",
        "fr": "Cet objectif arrive en tête face au *groupe de revenu* de Lumeria ; "
              "la question porte sur ses pairs régionaux. Le groupe de pairs "
              "change le classement : un point à discuter en atelier de "
              "validation.",
    },
    "selection_intro": {
        "en": "## From needs to a choice of objectives\n\n"
              "Need is not the only criterion. Lumeria's plan records, for "
              "{n_prioritised} objectives, a **stakeholder priority** and a "
              "**feasibility** (0-3, from consultations: invented here). The "
              "priority score weighs need {weight_need}, priority "
              "{weight_priority} and feasibility {weight_feasibility} (the "
              "defaults of notebook 02, a GCM Workbook choice); an objective "
              "without stakeholder scores keeps its need score alone. The plan "
              "starts with the {top_n} highest priority scores.",
        "fr": "## Des besoins au choix des objectifs\n\n"
              "Le besoin n'est pas le seul critère. Le plan de Lumeria note, pour "
              "{n_prioritised} objectifs, une **priorité des parties prenantes** "
              "et une **faisabilité** (0-3, issues de consultations : inventées "
              "ici). Le score de priorité pondère le besoin à {weight_need}, la "
              "priorité à {weight_priority} et la faisabilité à "
              "{weight_feasibility} (valeurs par défaut du carnet 02, un choix de "
              "cet outil) ; un objectif sans note des parties prenantes garde son "
              "seul score de besoin. Le plan commence par les {top_n} scores de "
              "priorité les plus élevés.",
    },
    "ex1.5.prompt": {
        "en": "### Exercise 1.5 · The objectives to start with\n\n"
              "**Which {top_n} objectives have the highest priority scores?** "
              "Answer with a list of numbers, e.g. `[1, 2, 3]`.",
        "fr": "### Exercice 1.5 · Les objectifs de départ\n\n"
              "**Quels sont les {top_n} objectifs aux scores de priorité les plus "
              "élevés ?** Répondez par une liste de numéros, par exemple "
              "`[1, 2, 3]`.",
    },
    "ex1.5.hint1": {
        "en": "Use the *priority score* column of the table, not the need score.",
        "fr": "Utilisez la colonne *score de priorité* du tableau, pas le score "
              "de besoin.",
    },
    "ex1.5.hint2": {
        "en": "Sort by priority score; the order within the list does not matter.",
        "fr": "Triez par score de priorité ; l'ordre dans la liste n'a pas "
              "d'importance.",
    },
    "ex1.5.correct": {
        "en": "{expected}: {selected_titles}. Stakeholders' strong support lifts "
              "objectives with a middling need score; objectives nobody rated "
              "keep their need score only.",
        "fr": "{expected} : {selected_titles}. Le fort soutien des parties "
              "prenantes fait monter des objectifs au besoin moyen ; les objectifs "
              "que personne n'a notés gardent leur seul score de besoin.",
    },
    "ex1.5.wrong": {
        "en": "Sort the table by the priority score and take the first {top_n}.",
        "fr": "Triez le tableau par score de priorité et prenez les {top_n} "
              "premiers.",
    },
    "ex1.5.mistake.need_only": {
        "en": "These are the {top_n} highest *need* scores: the choice uses the "
              "priority score, which adds stakeholder priority and feasibility.",
        "fr": "Ce sont les {top_n} *besoins* les plus élevés : le choix utilise le "
              "score de priorité, qui ajoute la priorité des parties prenantes et "
              "la faisabilité.",
    },
    "ex1.5.mistake.priority_only": {
        "en": "These follow stakeholder priority alone: the priority score also "
              "weighs need ({weight_need}) and feasibility.",
        "fr": "Ce choix suit la seule priorité des parties prenantes : le score de "
              "priorité pèse aussi le besoin ({weight_need}) et la faisabilité.",
    },
    "whatif_intro": {
        "en": "## What if?\n\n"
              "Change the peer group and the weight of need to see which "
              "objectives come first. The table is recomputed with the package's "
              "needs and selection functions.",
        "fr": "## Et si… ?\n\n"
              "Changez le groupe de pairs et le poids du besoin pour voir quels "
              "objectifs arrivent en tête. Le tableau est recalculé par les "
              "fonctions d'évaluation des besoins et de sélection de l'outil.",
    },
    "summary": {
        "en": "## Key points\n\n"
              "- Scores are relative to a peer group: say which, and try another.\n"
              "- Mind the direction of each indicator.\n"
              "- Missing data is left out and shown (coverage), never counted as "
              "zero.\n"
              "- The indicator-objective table is a method (ours here), to be "
              "discussed and adapted, not a UN standard.\n"
              "- Need, stakeholder priority and feasibility together choose the "
              "objectives a plan starts with.\n\n"
              "**To discuss:** which peers make sense for your country? Which "
              "national data would you add for the objectives where coverage is "
              "low? How were stakeholders, including migrants, heard in your "
              "priority scores?",
        "fr": "## À retenir\n\n"
              "- Les scores dépendent du groupe de pairs : dites lequel, et "
              "essayez-en un autre.\n"
              "- Attention au sens de chaque indicateur.\n"
              "- Une donnée manquante est laissée de côté et signalée "
              "(couverture), jamais comptée comme zéro.\n"
              "- Le tableau indicateurs-objectifs est une méthode (la nôtre ici), "
              "à discuter et adapter, pas une norme des Nations Unies.\n"
              "- Besoin, priorité des parties prenantes et faisabilité choisissent "
              "ensemble les objectifs par lesquels un plan commence.\n\n"
              "**À discuter :** quels pairs ont du sens pour votre pays ? Quelles "
              "données nationales ajouteriez-vous là où la couverture est faible ? "
              "Comment les parties prenantes, y compris les migrants, ont-elles "
              "été entendues dans vos notes de priorité ?",
    },
}
