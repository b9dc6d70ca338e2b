"""Shared texts of the lessons (lesson 0): feedback, banners, what-if captions."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- banners
    "fictional_banner": {
        "en": "> **Fictional country.** The Republic of Lumeria (code XLU) does not "
              "exist. Its plan, its budget, its funding partners and its indicators "
              "are invented for teaching: play with them freely. The GCM, the "
              "Guidance and the funds quoted are real; where a statement is ours "
              "rather than the UN's, the lesson says so.",
        "fr": "> **Pays fictif.** La République de Lumeria (code XLU) n'existe pas. "
              "Son plan, son budget, ses partenaires financiers et ses indicateurs "
              "sont inventés pour la formation : manipulez-les librement. Le Pacte "
              "mondial, le Guide et les fonds cités sont réels ; quand une "
              "affirmation est la nôtre et non celle des Nations Unies, la leçon le "
              "dit.",
    },
    "solutions_banner": {
        "en": "> **Trainer copy: solutions are filled in** (`show_solutions = True`). "
              "Each exercise shows the expected answer and how it is obtained.",
        "fr": "> **Version formateur : les solutions sont remplies** "
              "(`show_solutions = True`). Chaque exercice montre la réponse attendue "
              "et la manière de l'obtenir.",
    },
    "participant_banner": {
        "en": "> **How the exercises work.** In each exercise cell, replace `None` "
              "with your answer and run the cell, then run the check cell below "
              "it: you get ✓ or ✗ and advice on what to look at. Type numbers "
              "without spaces or quotes, with a dot for decimals "
              "(`1234567.5` or `1_234_567.5`). For a hint, run "
              "`teaching.hint(\"2.1\", lang)` with the exercise number; "
              "`level=2` gives more help.",
        "fr": "> **Comment fonctionnent les exercices.** Dans chaque cellule "
              "d'exercice, remplacez `None` par votre réponse et exécutez la "
              "cellule, puis la cellule de vérification en dessous : vous obtenez ✓ "
              "ou ✗ et un conseil sur ce qu'il faut regarder. Tapez les nombres "
              "sans espaces ni guillemets, avec un **point** pour les décimales "
              "(`1234567.5` ou `1_234_567.5`) : Python n'accepte pas la virgule "
              "décimale. Pour un indice, exécutez `teaching.hint(\"2.1\", lang)` "
              "avec le numéro de l'exercice ; `level=2` donne plus d'aide.",
    },
    # --------------------------------------------------------------- feedback
    "feedback.correct": {
        "en": "Exercise {exercise_id}: correct",
        "fr": "Exercice {exercise_id} : juste",
    },
    "feedback.incorrect": {
        "en": "Exercise {exercise_id}: not yet",
        "fr": "Exercice {exercise_id} : pas encore",
    },
    "feedback.unanswered": {
        "en": "Exercise {exercise_id}: not answered yet",
        "fr": "Exercice {exercise_id} : pas encore de réponse",
    },
    "feedback.invalid": {
        "en": "Exercise {exercise_id}: answer not readable",
        "fr": "Exercice {exercise_id} : réponse illisible",
    },
    "feedback.not_answered": {
        "en": "Replace `None` with your answer in the exercise cell above, run it, "
              "then run this cell again.",
        "fr": "Remplacez `None` par votre réponse dans la cellule d'exercice "
              "ci-dessus, exécutez-la, puis exécutez de nouveau cette cellule.",
    },
    "feedback.hint_label": {"en": "Hint:", "fr": "Indice :"},
    "feedback.hint_title": {
        "en": "Hint {level} for exercise {exercise_id}:",
        "fr": "Indice {level} pour l'exercice {exercise_id} :",
    },
    "feedback.more_help": {
        "en": "(More help: `teaching.hint(\"{exercise_id}\", lang, level=2)`.)",
        "fr": "(Plus d'aide : `teaching.hint(\"{exercise_id}\", lang, level=2)`.)",
    },
    # ------------------------------------------------------ unreadable answers
    "invalid.money": {
        "en": "The answer should be a number, found {found}. Write it without "
              "quotes, spaces or currency, with a dot for decimals: `1234567` or "
              "`1_234_567`.",
        "fr": "La réponse doit être un nombre ; reçu : {found}. Écrivez-le sans "
              "guillemets, espaces ni devise, avec un point pour les décimales : "
              "`1234567` ou `1_234_567`.",
    },
    "invalid.share": {
        "en": "The answer should be a share between 0 and 1 written as a number "
              "(e.g. `0.25` for a quarter), found {found}.",
        "fr": "La réponse doit être une part entre 0 et 1 écrite comme un nombre "
              "(par exemple `0.25` pour un quart, avec un point) ; reçu : {found}.",
    },
    "invalid.score": {
        "en": "The answer should be a number from 0 to 100 (e.g. `62.5`), found "
              "{found}.",
        "fr": "La réponse doit être un nombre de 0 à 100 (par exemple `62.5`, avec "
              "un point) ; reçu : {found}.",
    },
    "invalid.choice": {
        "en": "The answer should be one of: {choices}; found {found}.",
        "fr": "La réponse doit être l'une des valeurs suivantes : {choices} ; "
              "reçu : {found}.",
    },
    "invalid.set": {
        "en": "The answer should be a list of values taken from: {choices}, e.g. "
              "`[\"a\", \"b\"]`; found {found}.",
        "fr": "La réponse doit être une liste de valeurs prises parmi : {choices}, "
              "par exemple `[\"a\", \"b\"]` ; reçu : {found}.",
    },
    # ------------------------------------------------ slips any number can have
    "auto.negative": {
        "en": "Your answer is negative, but this amount cannot be: check the order "
              "of a subtraction.",
        "fr": "Votre réponse est négative, ce que ce montant ne peut pas être : "
              "vérifiez l'ordre d'une soustraction.",
    },
    "auto.pct_for_share": {
        "en": "It looks like a percentage (0-100): the question asks for a share "
              "between 0 and 1 (44 % is 0.44).",
        "fr": "Cela ressemble à un pourcentage (0-100) : la question demande une "
              "part entre 0 et 1 (44 % s'écrit 0.44).",
    },
    "auto.share_for_pct": {
        "en": "It looks like a share between 0 and 1: the question asks for a "
              "score from 0 to 100 (0.62 is 62).",
        "fr": "Cela ressemble à une part entre 0 et 1 : la question demande un "
              "score de 0 à 100 (0,62 correspond à 62).",
    },
    "auto.too_large": {
        "en": "Your answer is about {factor} times too large: count the zeros "
              "(thousands, millions) and the unit of each figure.",
        "fr": "Votre réponse est environ {factor} fois trop grande : comptez les "
              "zéros (milliers, millions) et l'unité de chaque chiffre.",
    },
    "auto.too_small": {
        "en": "Your answer is about {factor} times too small: count the zeros "
              "(thousands, millions) and the unit of each figure.",
        "fr": "Votre réponse est environ {factor} fois trop petite : comptez les "
              "zéros (milliers, millions) et l'unité de chaque chiffre.",
    },
    "generic.set_count": {
        "en": "{n_right} of your {n_given} answers are right ({n_expected} are "
              "expected).",
        "fr": "{n_right} de vos {n_given} réponses sont justes ({n_expected} sont "
              "attendues).",
    },
    # ------------------------------------------------------------- what-if
    "whatif.static_note": {
        "en": "*Static view: a few positions of the controls, computed in advance. "
              "Run the lesson in JupyterLab with `interactive = True` to move them "
              "yourself.*",
        "fr": "*Vue statique : quelques positions des réglages, calculées à "
              "l'avance. Exécutez la leçon dans JupyterLab avec `interactive = True` "
              "pour les déplacer vous-même.*",
    },
    "whatif.no_widgets": {
        "en": "*ipywidgets is not installed here, so the controls cannot be shown; "
              "here is the static view.*",
        "fr": "*ipywidgets n'est pas installé ici : les réglages ne peuvent pas "
              "s'afficher ; voici la vue statique.*",
    },
    # ------------------------------------------------------------- columns
    "col.objective": {"en": "Objective", "fr": "Objectif"},
    "col.intervention": {"en": "Intervention", "fr": "Intervention"},
    "col.line": {"en": "Line", "fr": "Ligne"},
    "col.item": {"en": "Item", "fr": "Poste"},
    "col.category": {"en": "Category", "fr": "Catégorie"},
    "col.support": {"en": "Support activity", "fr": "Activité d'appui"},
    "col.unit": {"en": "Unit", "fr": "Unité"},
    "col.quantity": {"en": "Quantity a year (low / likely / high)",
                     "fr": "Quantité par an (basse / probable / haute)"},
    "col.unit_cost": {"en": "Unit cost (low / likely / high)",
                      "fr": "Coût unitaire (bas / probable / haut)"},
    "col.currency": {"en": "Currency", "fr": "Devise"},
    "col.price_year": {"en": "Price year", "fr": "Année des prix"},
    "col.cost_type": {"en": "Type", "fr": "Type"},
    "col.years": {"en": "Years", "fr": "Années"},
    "col.from": {"en": "From", "fr": "De"},
    "col.to": {"en": "To", "fr": "Vers"},
    "col.rate": {"en": "Rate (1 from = rate to)",
                 "fr": "Taux (1 « de » = taux « vers »)"},
    "col.rate_date": {"en": "Rate date", "fr": "Date du taux"},
    "col.year": {"en": "Year", "fr": "Année"},
    "col.inflation": {"en": "Inflation (%)", "fr": "Inflation (%)"},
    "col.index": {"en": "Price index (2026 = 1)", "fr": "Indice des prix (2026 = 1)"},
    "col.indicator": {"en": "Indicator", "fr": "Indicateur"},
    "col.value": {"en": "Lumeria (fictional)", "fr": "Lumeria (fictif)"},
    "col.peer_median": {"en": "Peer median", "fr": "Médiane des pairs"},
    "col.n_peers": {"en": "Peers with data", "fr": "Pairs avec données"},
    "col.percentile": {"en": "Percentile (0-100)", "fr": "Centile (0-100)"},
    "col.status": {"en": "Status", "fr": "Statut"},
    "col.need_score": {"en": "Need score (0-100)", "fr": "Score de besoin (0-100)"},
    "col.coverage": {"en": "Data coverage (0-1)", "fr": "Couverture des données (0-1)"},
    "col.rank": {"en": "Rank", "fr": "Rang"},
    "col.priority": {"en": "Stakeholder priority (0-3)",
                     "fr": "Priorité des parties prenantes (0-3)"},
    "col.feasibility": {"en": "Feasibility (0-3)", "fr": "Faisabilité (0-3)"},
    "col.priority_score": {"en": "Priority score (0-100)",
                           "fr": "Score de priorité (0-100)"},
    "col.scenario": {"en": "Scenario", "fr": "Scénario"},
    "col.top": {"en": "Top objectives (rank order)",
                "fr": "Objectifs en tête (par rang)"},
    "col.step": {"en": "Step", "fr": "Étape"},
    "col.text_fr": {"en": "Guidance text (French, as written)",
                    "fr": "Texte du Guide (français, tel quel)"},
    "col.text_en": {"en": "English (our translation)",
                    "fr": "Anglais (notre traduction)"},
    "col.in_workbook": {"en": "Where this workbook helps (ours)",
                        "fr": "Où cet outil aide (notre proposition)"},
    "col.item_id": {"en": "No.", "fr": "N°"},
    "col.text": {"en": "Text", "fr": "Texte"},
    "col.score": {"en": "Lumeria score (0-3)", "fr": "Score de Lumeria (0-3)"},
    "col.evidence": {"en": "Evidence (fictional)", "fr": "Justification (fictive)"},
    "col.source_type": {"en": "Source type (code)", "fr": "Type de source (code)"},
    "col.guidance_fr": {"en": "Guidance wording (French, as written)",
                        "fr": "Formulation du Guide (français, tel quel)"},
    "col.name_en": {"en": "English (our translation)",
                    "fr": "Anglais (notre traduction)"},
    "col.in_guidance": {"en": "Named in the Guidance's list",
                        "fr": "Cité dans la liste du Guide"},
    "col.likelihood": {"en": "Default likelihood (ours)",
                       "fr": "Probabilité par défaut (notre hypothèse)"},
    "col.measure": {"en": "Measure", "fr": "Mesure"},
    "col.amount": {"en": "Amount", "fr": "Montant"},
    "col.constant": {"en": "Constant 2026 prices", "fr": "Prix constants 2026"},
    "col.nominal": {"en": "Nominal (money of the year)",
                    "fr": "Nominal (monnaie de l'année)"},
    "col.check": {"en": "Check", "fr": "Vérification"},
    "col.cut": {"en": "Cut", "fr": "Coupe"},
    "col.gap_essential": {"en": "Gap of essential interventions",
                          "fr": "Déficit des interventions essentielles"},
    "col.gap_other": {"en": "Gap of other interventions",
                      "fr": "Déficit des autres interventions"},
    "col.protected": {"en": "Essential interventions protected",
                      "fr": "Interventions essentielles protégées"},
    "col.hit": {"en": "Interventions hit (outcome)",
                "fr": "Interventions touchées (issue)"},
    "col.direction": {"en": "Direction", "fr": "Sens"},
    "col.weight": {"en": "Weight", "fr": "Poids"},
    "col.indicator_score": {"en": "Score (0-100)", "fr": "Score (0-100)"},
    "status.scored": {"en": "scored", "fr": "noté"},
    "status.missing": {"en": "no value (left out)",
                       "fr": "pas de valeur (laissé de côté)"},
    "status.too_few_peers": {"en": "too few peers", "fr": "trop peu de pairs"},
    "status.zero_weight": {"en": "weight 0", "fr": "poids 0"},
    "our_addition": {"en": "our addition, not the Guidance's wording",
                     "fr": "notre ajout, pas le texte du Guide"},
    "contingency_item": {
        "en": "Contingency ({pct} % of bottom-up costs)",
        "fr": "Provision pour imprévus ({pct} % des coûts ascendants)",
    },
    "cost_type.recurrent": {"en": "recurrent", "fr": "récurrent"},
    "cost_type.start_up": {"en": "start-up", "fr": "démarrage"},
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
    "not_assessed": {"en": "not assessed", "fr": "non évalué"},
}
