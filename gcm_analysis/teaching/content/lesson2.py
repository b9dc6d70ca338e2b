"""Lesson 2 · Costing an intervention: one source, English and French side by side."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "# Lesson 2 · Costing an intervention\n\n"
              "**You will learn to** cost one intervention of a GCM plan line by "
              "line: unit cost × quantity; support activities such as capacity "
              "building; exchange rates and price years; contingency and "
              "inflation; and the uncertainty around the total.\n\n"
              "**Time:** about 90 minutes (6 exercises). **Data:** the plan of the "
              "fictional Republic of Lumeria, in {currency}.",
        "fr": "# Leçon 2 · Chiffrer une intervention\n\n"
              "**Vous apprendrez à** chiffrer une intervention d'un plan du Pacte "
              "mondial ligne par ligne : coût unitaire × quantité ; activités "
              "d'appui comme le renforcement des capacités ; taux de change et "
              "année des prix ; provision pour imprévus et inflation ; "
              "l'incertitude autour du total.\n\n"
              "**Durée :** environ 90 minutes (6 exercices). **Données :** le plan "
              "de la République fictive de Lumeria, en {currency}.",
    },
    "intro": {
        "en": "## The intervention\n\n"
              "Lumeria's plan has {n_interventions} interventions under "
              "{n_objectives} GCM objectives. We cost **{focus_id} {focus_title}** "
              "(objective {focus_objective}, lead: {focus_ministry}), marked "
              "*essential* in the plan, from {base_year} to {end_year}.\n\n"
              "A cost line is *quantity per year × unit cost*, with a currency and "
              "the year whose prices the unit cost is in. Below are the "
              "intervention's {focus_n_lines} lines (low / likely / high values: "
              "the likely value is the estimate, low and high its range).",
        "fr": "## L'intervention\n\n"
              "Le plan de Lumeria compte {n_interventions} interventions relevant "
              "de {n_objectives} objectifs du Pacte mondial. Nous chiffrons "
              "**{focus_id} {focus_title}** (objectif {focus_objective}, chef de "
              "file : {focus_ministry}), marquée *essentielle* dans le plan, de "
              "{base_year} à {end_year}.\n\n"
              "Une ligne de coût vaut *quantité par an × coût unitaire*, avec une "
              "devise et l'année dont les prix sont ceux du coût unitaire. "
              "Voici les {focus_n_lines} lignes de l'intervention (valeurs basse / "
              "probable / haute : la valeur probable est l'estimation, les deux "
              "autres en donnent la fourchette).",
    },
    # ---------------------------------------------------------------- 2.1
    "ex2.1.prompt": {
        "en": "### Exercise 2.1 · Unit cost × quantity\n\n"
              "Line **{mediator_line}** pays the cultural mediators: "
              "{mediator_quantity} staff months a year at {mediator_unit_cost} per "
              "staff month (likely values). **What does this line cost in one "
              "year, in {currency}?**",
        "fr": "### Exercice 2.1 · Coût unitaire × quantité\n\n"
              "La ligne **{mediator_line}** rémunère les médiateurs culturels : "
              "{mediator_quantity} mois de travail par an à {mediator_unit_cost} le "
              "mois (valeurs probables). **Combien coûte cette ligne en une année, "
              "en {currency} ?**",
    },
    "ex2.1.hint1": {
        "en": "Multiply the quantity per year by the unit cost. The unit is the "
              "staff month, so the quantity already counts months, not people.",
        "fr": "Multipliez la quantité par an par le coût unitaire. L'unité est le "
              "mois de travail : la quantité compte déjà des mois, pas des "
              "personnes.",
    },
    "ex2.1.hint2": {
        "en": "{mediator_quantity} × {mediator_unit_cost}: keep the likely values "
              "and one year only.",
        "fr": "{mediator_quantity} × {mediator_unit_cost} : gardez les valeurs "
              "probables et une seule année.",
    },
    "ex2.1.correct": {
        "en": "{expected} a year: {mediator_quantity} staff months × "
              "{mediator_unit_cost}. This is the building block of every budget: "
              "a quantity with a unit, times a price for that unit.",
        "fr": "{expected} par an : {mediator_quantity} mois de travail × "
              "{mediator_unit_cost}. C'est la brique de base de tout budget : une "
              "quantité avec son unité, multipliée par le prix de cette unité.",
    },
    "ex2.1.wrong": {
        "en": "Look at the quantity column (staff months a year) and the likely "
              "unit cost, and multiply them for one year.",
        "fr": "Regardez la colonne des quantités (mois de travail par an) et le "
              "coût unitaire probable, et multipliez-les pour une année.",
    },
    "ex2.1.mistake.all_years": {
        "en": "That is the cost of all {n_years} plan years: the question asks for "
              "one year.",
        "fr": "C'est le coût des {n_years} années du plan : la question porte sur "
              "une seule année.",
    },
    "ex2.1.mistake.people_not_months": {
        "en": "You counted mediators (people) instead of staff months: the unit "
              "cost is per staff month, so multiply it by the {mediator_quantity} "
              "months a year.",
        "fr": "Vous avez compté des médiateurs (des personnes) au lieu de mois de "
              "travail : le coût unitaire est par mois, multipliez-le donc par les "
              "{mediator_quantity} mois par an.",
    },
    "ex2.1.mistake.high_cost": {
        "en": "You used the high unit cost: the estimate is the likely value; low "
              "and high only give the range (exercise 2.6).",
        "fr": "Vous avez pris le coût unitaire haut : l'estimation est la valeur "
              "probable ; les valeurs basse et haute ne donnent que la fourchette "
              "(exercice 2.6).",
    },
    "ex2.1.mistake.low_cost": {
        "en": "You used the low unit cost: the estimate is the likely value; low "
              "and high only give the range (exercise 2.6).",
        "fr": "Vous avez pris le coût unitaire bas : l'estimation est la valeur "
              "probable ; les valeurs basse et haute ne donnent que la fourchette "
              "(exercice 2.6).",
    },
    # -------------------------------------------------------------- currency
    "currency_intro": {
        "en": "## Currency\n\n"
              "The budget is in {currency}, but line **{consultant_line}** (an "
              "international consultant) is priced in USD. The plan's "
              "`exchange_rates` sheet gives dated rates, read *1 from = rate to* "
              "(table below).\n\n"
              "Each line is converted with the rate dated nearest to 1 July of its "
              "price year (a GCM Workbook convention, not a UN rule: "
              "`docs/assumptions.md`, M01). Amounts in different currencies are "
              "never added before they are converted: the package refuses to.",
        "fr": "## La devise\n\n"
              "Le budget est en {currency}, mais la ligne **{consultant_line}** "
              "(un consultant international) est chiffrée en USD. La feuille "
              "`exchange_rates` du plan donne des taux datés, à lire *1 « de » = "
              "taux « vers »* (tableau ci-dessous).\n\n"
              "Chaque ligne est convertie au taux daté le plus proche du 1er "
              "juillet de son année des prix (une convention de cet outil, pas une "
              "règle des Nations Unies : `docs/assumptions.md`, M01). On "
              "n'additionne jamais des montants en devises différentes avant de "
              "les convertir : l'outil le refuse.",
    },
    "ex2.2.prompt": {
        "en": "### Exercise 2.2 · Converting a line\n\n"
              "Line **{consultant_line}**: {consultant_quantity} consultant days at "
              "USD {consultant_unit_cost} a day, prices of {consultant_price_year}, "
              "start-up cost (paid once). **What does it cost in {currency}?**",
        "fr": "### Exercice 2.2 · Convertir une ligne\n\n"
              "Ligne **{consultant_line}** : {consultant_quantity} jours de "
              "consultant à {consultant_unit_cost} USD par jour, prix de "
              "{consultant_price_year}, coût de démarrage (payé une fois). "
              "**Combien coûte-t-elle en {currency} ?**",
    },
    "ex2.2.hint1": {
        "en": "First the cost in USD (days × daily rate), then convert: the table "
              "says how many {currency} one USD is worth on the date to use.",
        "fr": "D'abord le coût en USD (jours × tarif journalier), puis la "
              "conversion : le tableau dit combien de {currency} vaut un USD à la "
              "date à retenir.",
    },
    "ex2.2.hint2": {
        "en": "Prices of {consultant_price_year}: use the rate dated "
              "{usd_rate_date} (1 USD = {usd_rate} {currency}) and multiply.",
        "fr": "Prix de {consultant_price_year} : prenez le taux daté du "
              "{usd_rate_date} (1 USD = {usd_rate} {currency}) et multipliez.",
    },
    "ex2.2.correct": {
        "en": "{expected}: {consultant_quantity} days × USD {consultant_unit_cost} "
              "× {usd_rate} {currency} per USD (rate of {usd_rate_date}, the one "
              "nearest to 1 July {consultant_price_year}).",
        "fr": "{expected} : {consultant_quantity} jours × {consultant_unit_cost} "
              "USD × {usd_rate} {currency} par USD (taux du {usd_rate_date}, le "
              "plus proche du 1er juillet {consultant_price_year}).",
    },
    "ex2.2.wrong": {
        "en": "Look at the two steps: the cost in USD, then the conversion with "
              "the rate of the right date, in the right direction.",
        "fr": "Reprenez les deux étapes : le coût en USD, puis la conversion au "
              "taux de la bonne date, dans le bon sens.",
    },
    "ex2.2.mistake.fx_missing": {
        "en": "That is still in USD: the budget is in {currency}, so convert with "
              "the exchange rate before adding it to the other lines (adding USD "
              "and {currency} would mix currencies).",
        "fr": "Ce montant est encore en USD : le budget est en {currency}, il faut "
              "donc le convertir avec le taux de change avant de l'ajouter aux "
              "autres lignes (additionner des USD et des {currency} mélangerait "
              "les devises).",
    },
    "ex2.2.mistake.fx_inverted": {
        "en": "You divided by the rate: 1 USD = {usd_rate} {currency}, so an "
              "amount in USD is **multiplied** by {usd_rate} to give {currency}. "
              "A quick check: an amount in {currency} is a much bigger number than "
              "in USD.",
        "fr": "Vous avez divisé par le taux : 1 USD = {usd_rate} {currency}, un "
              "montant en USD se **multiplie** donc par {usd_rate} pour obtenir "
              "des {currency}. Vérification rapide : un montant en {currency} est "
              "un nombre bien plus grand qu'en USD.",
    },
    "ex2.2.mistake.fx_wrong_date": {
        "en": "You used the rate of {usd_rate_other_date} ({usd_rate_other}): the "
              "line is in {consultant_price_year} prices, so use the rate dated "
              "nearest to 1 July {consultant_price_year}.",
        "fr": "Vous avez pris le taux du {usd_rate_other_date} ({usd_rate_other}) : "
              "la ligne est aux prix de {consultant_price_year}, prenez donc le "
              "taux daté le plus proche du 1er juillet {consultant_price_year}.",
    },
    # ------------------------------------------------------------ price years
    "prices_intro": {
        "en": "## Price year and inflation\n\n"
              "A budget adds amounts of several years. To compare them, the plan "
              "expresses everything in **constant {base_year} prices** (the base "
              "year); to know the money each year needs, it also shows **nominal "
              "prices**, inflated to the year of spending. Both use the price "
              "index of the `inflation_rates` sheet ({base_year} = 1; table below).",
        "fr": "## Année des prix et inflation\n\n"
              "Un budget additionne des montants de plusieurs années. Pour les "
              "comparer, le plan exprime tout en **prix constants de {base_year}** "
              "(l'année de base) ; pour connaître l'argent nécessaire chaque année, "
              "il donne aussi les **prix courants (nominaux)**, gonflés jusqu'à "
              "l'année de la dépense. Les deux utilisent l'indice des prix de la "
              "feuille `inflation_rates` ({base_year} = 1 ; tableau ci-dessous).",
    },
    "ex2.3.prompt": {
        "en": "### Exercise 2.3 · An old price\n\n"
              "Line **{interpretation_line}** (telephone interpretation) was priced "
              "with a quotation of {interpretation_price_year}: "
              "{interpretation_quantity} hours a year at "
              "{interpretation_unit_cost} an hour. Inflation in {base_year} is "
              "{inflation_base} %. **What does the line cost per year in constant "
              "{base_year} prices, in {currency}?**",
        "fr": "### Exercice 2.3 · Un prix ancien\n\n"
              "La ligne **{interpretation_line}** (interprétariat par téléphone) a "
              "été chiffrée avec un devis de {interpretation_price_year} : "
              "{interpretation_quantity} heures par an à "
              "{interpretation_unit_cost} l'heure. L'inflation de {base_year} est "
              "de {inflation_base} %. **Combien coûte la ligne par an, en prix "
              "constants de {base_year}, en {currency} ?**",
    },
    "ex2.3.hint1": {
        "en": "A price of {interpretation_price_year} must be brought to "
              "{base_year} prices: prices rose by {inflation_base} % in "
              "{base_year}.",
        "fr": "Un prix de {interpretation_price_year} doit être ramené aux prix de "
              "{base_year} : les prix ont augmenté de {inflation_base} % en "
              "{base_year}.",
    },
    "ex2.3.hint2": {
        "en": "{interpretation_quantity} × {interpretation_unit_cost} × (1 + "
              "{inflation_base_share}).",
        "fr": "{interpretation_quantity} × {interpretation_unit_cost} × (1 + "
              "{inflation_base_share}).",
    },
    "ex2.3.correct": {
        "en": "{expected} a year: the {interpretation_price_year} price times "
              "1 + {inflation_base_share}, the change of prices from "
              "{interpretation_price_year} to {base_year}. An old quotation used "
              "as it is would make the budget too small.",
        "fr": "{expected} par an : le prix de {interpretation_price_year} "
              "multiplié par 1 + {inflation_base_share}, la hausse des prix de "
              "{interpretation_price_year} à {base_year}. Un ancien devis pris tel "
              "quel sous-estimerait le budget.",
    },
    "ex2.3.wrong": {
        "en": "Look at the price year of the line and at the index table: one "
              "year of inflation separates {interpretation_price_year} from "
              "{base_year}.",
        "fr": "Regardez l'année des prix de la ligne et le tableau d'indice : une "
              "année d'inflation sépare {interpretation_price_year} de "
              "{base_year}.",
    },
    "ex2.3.mistake.no_price_adjustment": {
        "en": "That is the {interpretation_price_year} price: bring it to "
              "{base_year} prices with that year's inflation ({inflation_base} %).",
        "fr": "C'est le prix de {interpretation_price_year} : ramenez-le aux prix "
              "de {base_year} avec l'inflation de cette année-là "
              "({inflation_base} %).",
    },
    "ex2.3.mistake.deflated": {
        "en": "You divided by the inflation factor: prices **rose** from "
              "{interpretation_price_year} to {base_year}, so the {base_year} "
              "price is higher; multiply by 1 + {inflation_base_share}.",
        "fr": "Vous avez divisé par le facteur d'inflation : les prix ont "
              "**augmenté** de {interpretation_price_year} à {base_year}, le prix "
              "de {base_year} est donc plus élevé ; multipliez par 1 + "
              "{inflation_base_share}.",
    },
    "ex2.3.mistake.pct_as_number": {
        "en": "You multiplied by 1 + {inflation_base}: a rate of {inflation_base} % "
              "is {inflation_base_share} as a share, so the factor is 1 + "
              "{inflation_base_share}.",
        "fr": "Vous avez multiplié par 1 + {inflation_base} : un taux de "
              "{inflation_base} % vaut {inflation_base_share} en part, le facteur "
              "est donc 1 + {inflation_base_share}.",
    },
    "ex2.3.mistake.all_years": {
        "en": "That is the cost of all {n_years} years: the question asks for the "
              "cost per year.",
        "fr": "C'est le coût des {n_years} années : la question demande le coût "
              "par an.",
    },
    # ------------------------------------------------------------- support
    "support_intro": {
        "en": "## Support activities\n\n"
              "The Guidance's seventh budgeting step reads, in French as written: "
              "*« {step7_fr} »* (our English: *{step7_en}*), with an example: "
              "*« {step7_note_fr} »* (our English: *{step7_note_en}*).\n\n"
              "In {focus_id}, line **{training_line}** (training health staff) is "
              "such a support activity: the mediators cannot work well if nurses "
              "and doctors do not know how to use them.",
        "fr": "## Les activités d'appui\n\n"
              "La septième étape de budgétisation du Guide dit : *« {step7_fr} »*. "
              "Il donne un exemple : *« {step7_note_fr} »*\n\n"
              "Dans {focus_id}, la ligne **{training_line}** (formation du "
              "personnel de santé) est une telle activité d'appui : les médiateurs "
              "ne peuvent pas bien travailler si infirmiers et médecins ne savent "
              "pas faire appel à eux.",
    },
    "ex2.4.prompt": {
        "en": "### Exercise 2.4 · The whole intervention\n\n"
              "**What does {focus_id} cost over {base_year}-{end_year} in constant "
              "{base_year} prices, in {currency}, before contingency?** Count every "
              "line: recurrent lines each year they run, start-up lines once, "
              "support activities included, every line in {currency} and in "
              "{base_year} prices (your answers to 2.1-2.3 help).",
        "fr": "### Exercice 2.4 · L'intervention entière\n\n"
              "**Combien coûte {focus_id} sur {base_year}-{end_year} en prix "
              "constants de {base_year}, en {currency}, avant provision pour "
              "imprévus ?** Comptez toutes les lignes : les lignes récurrentes "
              "chaque année où elles courent, les lignes de démarrage une fois, "
              "les activités d'appui comprises, chaque ligne en {currency} et aux "
              "prix de {base_year} (vos réponses à 2.1-2.3 aident).",
    },
    "ex2.4.hint1": {
        "en": "Four lines: mediators and training each of the {n_years} years, "
              "interpretation each year at its {base_year} price, the consultant "
              "once, converted to {currency}.",
        "fr": "Quatre lignes : médiateurs et formation chacune des {n_years} "
              "années, interprétariat chaque année à son prix de {base_year}, le "
              "consultant une fois, converti en {currency}.",
    },
    "ex2.4.hint2": {
        "en": "3 × (your 2.1 answer) + your 2.2 answer + 3 × your 2.3 answer + 3 × "
              "(training participant days × unit cost).",
        "fr": "3 × (votre réponse 2.1) + votre réponse 2.2 + 3 × votre réponse 2.3 "
              "+ 3 × (jours-participants de formation × coût unitaire).",
    },
    "ex2.4.correct": {
        "en": "{expected} over {n_years} years, of which {focus_support} for the "
              "support activity. The package's budget lines give the same total "
              "(table after exercise 2.5).",
        "fr": "{expected} sur {n_years} ans, dont {focus_support} pour l'activité "
              "d'appui. Les lignes budgétaires calculées par l'outil donnent le "
              "même total (tableau après l'exercice 2.5).",
    },
    "ex2.4.wrong": {
        "en": "Check each line in turn: its years (recurrent every year, start-up "
              "once), its currency (convert USD) and its price year (bring "
              "{interpretation_price_year} prices to {base_year}); leave the "
              "contingency out.",
        "fr": "Vérifiez chaque ligne tour à tour : ses années (récurrente chaque "
              "année, démarrage une fois), sa devise (convertir les USD) et son "
              "année des prix (ramener les prix de {interpretation_price_year} à "
              "{base_year}) ; laissez de côté la provision pour imprévus.",
    },
    "ex2.4.mistake.forgot_support": {
        "en": "The support activity is missing: line {training_line} (training of "
              "health staff) belongs to the intervention's budget too (Guidance, "
              "budgeting step 7).",
        "fr": "Il manque l'activité d'appui : la ligne {training_line} (formation "
              "du personnel de santé) fait aussi partie du budget de "
              "l'intervention (Guide, étape 7 de la budgétisation).",
    },
    "ex2.4.mistake.fx_missing": {
        "en": "The consultant's line is still in USD (or was divided by the rate): "
              "convert it to {currency} by multiplying by {usd_rate} before adding "
              "it; adding USD to {currency} mixes currencies.",
        "fr": "La ligne du consultant est restée en USD (ou a été divisée par le "
              "taux) : convertissez-la en {currency} en multipliant par {usd_rate} "
              "avant de l'ajouter ; additionner des USD et des {currency} mélange "
              "les devises.",
    },
    "ex2.4.mistake.startup_every_year": {
        "en": "You counted the consultant's start-up cost every year: a start-up "
              "cost is paid once, in its first year.",
        "fr": "Vous avez compté le coût de démarrage du consultant chaque année : "
              "un coût de démarrage se paie une fois, la première année.",
    },
    "ex2.4.mistake.one_year": {
        "en": "That is the cost of {base_year} only: the intervention runs "
              "{n_years} years and recurrent lines are paid every year.",
        "fr": "C'est le coût de {base_year} seulement : l'intervention dure "
              "{n_years} ans et les lignes récurrentes se paient chaque année.",
    },
    "ex2.4.mistake.with_contingency": {
        "en": "You added the contingency: this exercise asks for the total before "
              "contingency (it comes in exercise 2.5).",
        "fr": "Vous avez ajouté la provision pour imprévus : cet exercice demande "
              "le total avant provision (elle vient à l'exercice 2.5).",
    },
    "ex2.4.mistake.no_price_adjustment": {
        "en": "Almost: the interpretation line is still at its "
              "{interpretation_price_year} price. Bring it to {base_year} prices "
              "as in exercise 2.3.",
        "fr": "Presque : la ligne d'interprétariat est restée à son prix de "
              "{interpretation_price_year}. Ramenez-la aux prix de {base_year} "
              "comme à l'exercice 2.3.",
    },
    "budget_lines_intro": {
        "en": "The package computes the same thing for every line and year "
              "(`costing.compute_budget_lines`), here for {focus_id}: constant "
              "{base_year} prices and nominal prices, with the contingency rows "
              "explained above. Compare it with your answers to 2.4 and 2.5.",
        "fr": "L'outil calcule la même chose pour chaque ligne et chaque année "
              "(`costing.compute_budget_lines`), ici pour {focus_id} : prix "
              "constants de {base_year} et prix courants, avec les lignes de "
              "provision pour imprévus expliquées plus haut. Comparez-le avec vos "
              "réponses à 2.4 et 2.5.",
    },
    # --------------------------------------------------------- contingency
    "contingency_intro": {
        "en": "## Contingency and nominal prices\n\n"
              "Plans add a **contingency** for what estimates miss: Lumeria's plan "
              "sets {contingency_pct} % of bottom-up costs (support activities "
              "included), per intervention and year. Top-down envelopes (such as "
              "the trafficking envelope {envelope_id}) are taken as complete and "
              "get none. The {contingency_pct} % and this rule are the GCM "
              "Workbook's planning convention (`docs/assumptions.md`, M02), not a "
              "figure of the Guidance.\n\n"
              "The **nominal** cost of a year is its constant-price cost times the "
              "price index of that year (the index table above).",
        "fr": "## Provision pour imprévus et prix courants\n\n"
              "Les plans ajoutent une **provision pour imprévus** pour ce que les "
              "estimations oublient : le plan de Lumeria prévoit "
              "{contingency_pct} % des coûts ascendants (activités d'appui "
              "comprises), par intervention et par année. Les enveloppes "
              "descendantes (comme l'enveloppe traite {envelope_id}) sont "
              "considérées complètes et n'en reçoivent pas. Ces {contingency_pct} % "
              "et cette règle sont une convention de planification de cet outil "
              "(`docs/assumptions.md`, M02), pas un chiffre du Guide.\n\n"
              "Le coût **courant** (nominal) d'une année est son coût à prix "
              "constants multiplié par l'indice des prix de cette année (tableau "
              "d'indice ci-dessus).",
    },
    "ex2.5.prompt": {
        "en": "### Exercise 2.5 · The money needed in {end_year}\n\n"
              "**How much money does {focus_id} need in {end_year}, in "
              "{end_year} {currency} (nominal prices), contingency included?** "
              "In {end_year} only the recurrent lines run.",
        "fr": "### Exercice 2.5 · L'argent nécessaire en {end_year}\n\n"
              "**De combien d'argent {focus_id} a-t-elle besoin en {end_year}, en "
              "{currency} de {end_year} (prix courants), provision pour imprévus "
              "comprise ?** En {end_year}, seules les lignes récurrentes courent.",
    },
    "ex2.5.hint1": {
        "en": "Three steps: the {end_year} cost in constant prices (recurrent "
              "lines), plus {contingency_pct} %, times the price index of "
              "{end_year}.",
        "fr": "Trois étapes : le coût {end_year} à prix constants (lignes "
              "récurrentes), plus {contingency_pct} %, multiplié par l'indice des "
              "prix de {end_year}.",
    },
    "ex2.5.hint2": {
        "en": "The index of {end_year} compounds two years of inflation: (1 + "
              "{inflation_mid_share}) × (1 + {inflation_end_share}) = "
              "{index_end}.",
        "fr": "L'indice de {end_year} cumule deux années d'inflation : (1 + "
              "{inflation_mid_share}) × (1 + {inflation_end_share}) = "
              "{index_end}.",
    },
    "ex2.5.correct": {
        "en": "{expected}: {focus_end_constant} in constant {base_year} prices, "
              "plus {contingency_pct} % contingency, times the {end_year} price "
              "index {index_end}. This is the amount a budget request for "
              "{end_year} must show.",
        "fr": "{expected} : {focus_end_constant} à prix constants de "
              "{base_year}, plus {contingency_pct} % de provision, multiplié par "
              "l'indice des prix {index_end} de {end_year}. C'est le montant "
              "qu'une demande budgétaire pour {end_year} doit faire apparaître.",
    },
    "ex2.5.wrong": {
        "en": "Check the three steps: only the recurrent lines of {end_year} (in "
              "{base_year} prices), the {contingency_pct} % contingency, then the "
              "{end_year} price index from the table.",
        "fr": "Vérifiez les trois étapes : les seules lignes récurrentes de "
              "{end_year} (aux prix de {base_year}), la provision de "
              "{contingency_pct} %, puis l'indice des prix de {end_year} du "
              "tableau.",
    },
    "ex2.5.mistake.forgot_inflation": {
        "en": "That is in constant {base_year} prices: the money of {end_year} is "
              "worth less, so multiply by the {end_year} price index.",
        "fr": "C'est en prix constants de {base_year} : l'argent de {end_year} "
              "vaut moins, multipliez donc par l'indice des prix de {end_year}.",
    },
    "ex2.5.mistake.forgot_contingency": {
        "en": "The contingency is missing: add {contingency_pct} % of the "
              "bottom-up costs of the year.",
        "fr": "Il manque la provision pour imprévus : ajoutez {contingency_pct} % "
              "des coûts ascendants de l'année.",
    },
    "ex2.5.mistake.one_year_inflation": {
        "en": "You applied one year of inflation: from {base_year} to {end_year} "
              "prices rise twice ({inflation_mid} % then {inflation_end} %); use "
              "the index of {end_year}.",
        "fr": "Vous avez appliqué une seule année d'inflation : de {base_year} à "
              "{end_year} les prix augmentent deux fois ({inflation_mid} % puis "
              "{inflation_end} %) ; utilisez l'indice de {end_year}.",
    },
    "ex2.5.mistake.same_rate": {
        "en": "Close: you used {inflation_mid} % for both years, but the plan sets "
              "{inflation_end} % for {end_year}. Take each year's own rate (the "
              "index table does it for you).",
        "fr": "Presque : vous avez pris {inflation_mid} % pour les deux années, "
              "mais le plan retient {inflation_end} % pour {end_year}. Prenez le "
              "taux de chaque année (le tableau d'indice le fait pour vous).",
    },
    "ex2.5.mistake.pct_as_number": {
        "en": "You multiplied by 1 + {inflation_mid} instead of 1 + "
              "{inflation_mid_share}: a rate in % must be divided by 100.",
        "fr": "Vous avez multiplié par 1 + {inflation_mid} au lieu de 1 + "
              "{inflation_mid_share} : un taux en % se divise par 100.",
    },
    "ex2.5.mistake.contingency_as_number": {
        "en": "You multiplied by 1 + {contingency_pct} instead of 1 + "
              "{contingency_share}: a contingency of {contingency_pct} % adds "
              "{contingency_share} of the cost.",
        "fr": "Vous avez multiplié par 1 + {contingency_pct} au lieu de 1 + "
              "{contingency_share} : une provision de {contingency_pct} % ajoute "
              "{contingency_share} du coût.",
    },
    # --------------------------------------------------------- uncertainty
    "uncertainty_intro": {
        "en": "## Uncertainty\n\n"
              "Every estimate could be lower or higher. The package draws each "
              "line's quantity and unit cost {n_draws} times between their low and "
              "high values (a PERT distribution around the likely value; lines "
              "independent: GCM Workbook assumption M03) and adds them up. For "
              "the whole plan, the total at likely values is {plan_total}; 80 % "
              "of the draws fall between **{plan_p10}** (P10) and **{plan_p90}** "
              "(P90).\n\n"
              "The *tornado* below moves one input at a time to its low and high "
              "value, everything else at its likely value, and ranks the inputs by "
              "how much they swing the total: it shows where a better estimate is "
              "worth the effort.",
        "fr": "## L'incertitude\n\n"
              "Toute estimation pourrait être plus basse ou plus haute. L'outil "
              "tire {n_draws} fois la quantité et le coût unitaire de chaque ligne "
              "entre leurs valeurs basse et haute (loi PERT autour de la valeur "
              "probable ; lignes indépendantes : hypothèse M03 de cet outil) et "
              "fait la somme. Pour tout le plan, le total aux valeurs probables "
              "est de {plan_total} ; 80 % des tirages tombent entre "
              "**{plan_p10}** (P10) et **{plan_p90}** (P90).\n\n"
              "La *tornade* ci-dessous déplace une donnée à la fois vers sa valeur "
              "basse et haute, le reste aux valeurs probables, et classe les "
              "données selon l'écart qu'elles provoquent sur le total : elle "
              "montre où une meilleure estimation vaut l'effort.",
    },
    "ex2.6.prompt": {
        "en": "### Exercise 2.6 · What drives the uncertainty?\n\n"
              "**Which cost line's input moves the plan's total the most?** "
              "Answer with its line id, e.g. `\"LUM-01-01\"`.",
        "fr": "### Exercice 2.6 · Qu'est-ce qui fait varier le total ?\n\n"
              "**Quelle ligne de coût fait le plus varier le total du plan ?** "
              "Répondez par son identifiant, par exemple `\"LUM-01-01\"`.",
    },
    "ex2.6.hint1": {
        "en": "Read the tornado (or the table under it): the longest bar, i.e. the "
              "largest swing between low and high.",
        "fr": "Lisez la tornade (ou le tableau en dessous) : la barre la plus "
              "longue, c'est-à-dire le plus grand écart entre bas et haut.",
    },
    "ex2.6.hint2": {
        "en": "The swing depends on the width of the range times how much the "
              "line weighs, not on the size of the line alone.",
        "fr": "L'écart dépend de la largeur de la fourchette multipliée par le "
              "poids de la ligne, pas de la taille de la ligne seule.",
    },
    "ex2.6.correct": {
        "en": "{expected}: {top_driver}. Its range alone swings the total by "
              "{top_swing}. Refining this estimate (how many mediator months are "
              "really needed) narrows the budget's range more than anything else.",
        "fr": "{expected} : {top_driver}. Sa fourchette à elle seule fait varier "
              "le total de {top_swing}. Affiner cette estimation (combien de mois "
              "de médiation sont vraiment nécessaires) resserre la fourchette du "
              "budget plus que toute autre.",
    },
    "ex2.6.wrong": {
        "en": "Look at the first bar of the tornado and its line id in the table.",
        "fr": "Regardez la première barre de la tornade et l'identifiant de sa "
              "ligne dans le tableau.",
    },
    "ex2.6.mistake.largest_line": {
        "en": "That is the largest line of the budget, but its range is narrow: "
              "the swing depends on how uncertain a line is, not only on its size.",
        "fr": "C'est la plus grosse ligne du budget, mais sa fourchette est "
              "étroite : l'écart dépend de l'incertitude d'une ligne, pas seulement "
              "de sa taille.",
    },
    "ex2.6.mistake.second_driver": {
        "en": "That line has the second-largest swing: look for the longest bar.",
        "fr": "Cette ligne a le deuxième plus grand écart : cherchez la barre la "
              "plus longue.",
    },
    # -------------------------------------------------------------- what-if
    "whatif_intro": {
        "en": "## What if?\n\n"
              "Move the controls to see how {focus_id}'s budget reacts: the number "
              "of mediator months, their unit cost, inflation after {base_year} "
              "and the contingency rate. Every figure is recomputed with the "
              "package's costing functions on a changed copy of the plan.",
        "fr": "## Et si… ?\n\n"
              "Déplacez les réglages pour voir comment réagit le budget de "
              "{focus_id} : le nombre de mois de médiation, leur coût unitaire, "
              "l'inflation après {base_year} et le taux de provision. Chaque "
              "chiffre est recalculé par les fonctions de chiffrage de l'outil sur "
              "une copie modifiée du plan.",
    },
    "summary": {
        "en": "## Key points\n\n"
              "- A cost line is a quantity with a unit × a unit cost, in a currency "
              "and the prices of a year.\n"
              "- Budget the support activities (capacity building, coordination) "
              "with the intervention: Guidance, budgeting step 7.\n"
              "- Convert every currency with a dated rate, in the right direction, "
              "before adding; bring every price to the base year.\n"
              "- Show constant prices to compare years and nominal prices to "
              "request money; say which.\n"
              "- Give a range, not just a number, and find the inputs that drive "
              "it.\n\n"
              "**To discuss:** which of Lumeria's estimates would you check "
              "first, and with whom? Which support activities does your own "
              "ministry's work need but rarely budget?",
        "fr": "## À retenir\n\n"
              "- Une ligne de coût, c'est une quantité avec son unité × un coût "
              "unitaire, dans une devise et aux prix d'une année.\n"
              "- Budgétisez les activités d'appui (renforcement des capacités, "
              "coordination) avec l'intervention : Guide, étape 7 de la "
              "budgétisation.\n"
              "- Convertissez chaque devise avec un taux daté, dans le bon sens, "
              "avant d'additionner ; ramenez chaque prix à l'année de base.\n"
              "- Montrez les prix constants pour comparer les années et les prix "
              "courants pour demander l'argent ; dites lesquels.\n"
              "- Donnez une fourchette, pas seulement un chiffre, et repérez les "
              "données qui la font varier.\n\n"
              "**À discuter :** quelles estimations de Lumeria vérifieriez-vous "
              "d'abord, et avec qui ? Quelles activités d'appui le travail de "
              "votre ministère demande-t-il sans qu'on les budgétise ?",
    },
}
