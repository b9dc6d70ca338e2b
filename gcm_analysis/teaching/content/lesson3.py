"""Lesson 3 · Building the budget: one source, English and French side by side."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "en": "# Lesson 3 · Building the budget\n\n"
              "**You will learn to** follow the Guidance's eight steps for "
              "budgeting GCM implementation, read a plan's budget by component, "
              "assess the five ideal conditions for GCM budgeting and the ten "
              "principles of good budgetary governance, and check a budget "
              "against human-rights obligations.\n\n"
              "**Time:** about 75 minutes (5 exercises). **Data:** the budget and "
              "self-assessment of the fictional Republic of Lumeria.",
        "fr": "# Leçon 3 · Construire le budget\n\n"
              "**Vous apprendrez à** suivre les huit étapes du Guide pour "
              "budgétiser la mise en œuvre du Pacte mondial, lire le budget d'un "
              "plan par composante, évaluer les cinq conditions idéales de la "
              "budgétisation du Pacte et les dix principes de bonne gouvernance "
              "budgétaire, et vérifier un budget au regard des obligations en "
              "matière de droits de l'homme.\n\n"
              "**Durée :** environ 75 minutes (5 exercices). **Données :** le "
              "budget et l'auto-évaluation de la République fictive de Lumeria.",
    },
    "steps_intro": {
        "en": "## The eight steps\n\n"
              "Action 2 of the Guidance, *« {action2_title_fr} »*, lists eight steps "
              "for budgeting GCM implementation. The French text is quoted as "
              "written in the Guidance; the English is **our translation**. The "
              "last column, where this workbook helps, is our own reading.",
        "fr": "## Les huit étapes\n\n"
              "L'action 2 du Guide, *« {action2_title_fr} »*, énumère huit étapes "
              "pour budgétiser la mise en œuvre du Pacte mondial. Le texte "
              "français est cité tel qu'il figure dans le Guide ; l'anglais est "
              "**notre traduction**. La dernière colonne, où cet outil aide, est "
              "notre propre lecture.",
    },
    "step_help.1": {
        "en": "These lessons; the trainer guide",
        "fr": "Ces leçons ; le guide du formateur",
    },
    "step_help.2": {
        "en": "The plan's funding sheet; notebook 04 (lesson 4)",
        "fr": "La feuille funding du plan ; carnet 04 (leçon 4)",
    },
    "step_help.3": {
        "en": "Stakeholder priorities and feasibility (lesson 1); workshop agenda",
        "fr": "Priorités des parties prenantes et faisabilité (leçon 1) ; ordre "
              "du jour de l'atelier",
    },
    "step_help.4": {
        "en": "The assessment sheet: five conditions (this lesson)",
        "fr": "La feuille assessment : cinq conditions (cette leçon)",
    },
    "step_help.5": {
        "en": "The assessment sheet: ten principles (this lesson)",
        "fr": "La feuille assessment : dix principes (cette leçon)",
    },
    "step_help.6": {
        "en": "Essential interventions protected first in a crisis (lesson 4)",
        "fr": "Interventions essentielles protégées en priorité en cas de crise "
              "(leçon 4)",
    },
    "step_help.7": {
        "en": "Cost lines flagged as support activities (lesson 2)",
        "fr": "Lignes de coût marquées activités d'appui (leçon 2)",
    },
    "step_help.8": {
        "en": "The validation workshop agenda (notebook 04)",
        "fr": "L'ordre du jour de l'atelier de validation (carnet 04)",
    },
    "ex3.1.prompt": {
        "en": "### Exercise 3.1 · Which step?\n\n"
              "A ministry costs its new migrant helpline but not the training of "
              "the staff who will answer it. **Which of the eight steps (1-8) did "
              "it overlook?**",
        "fr": "### Exercice 3.1 · Quelle étape ?\n\n"
              "Un ministère chiffre sa nouvelle ligne d'assistance aux migrants, "
              "mais pas la formation du personnel qui y répondra. **Laquelle des "
              "huit étapes (1-8) a-t-il négligée ?**",
    },
    "ex3.1.hint1": {
        "en": "Training the helpline staff is not the helpline itself: it supports "
              "it.",
        "fr": "Former le personnel de la ligne n'est pas la ligne elle-même : "
              "c'est un appui.",
    },
    "ex3.1.hint2": {
        "en": "Look for the step that speaks of *activités d'appui* (support "
              "activities).",
        "fr": "Cherchez l'étape qui parle d'*activités d'appui*.",
    },
    "ex3.1.correct": {
        "en": "Step {expected}: *« {step7_fr} »*. In Lumeria's plan such lines are "
              "flagged `is_support_activity` and reported apart.",
        "fr": "Étape {expected} : *« {step7_fr} »*. Dans le plan de Lumeria, ces "
              "lignes sont marquées `is_support_activity` et présentées à part.",
    },
    "ex3.1.wrong": {
        "en": "Read the steps again: one is about what to budget beyond the "
              "intervention itself.",
        "fr": "Relisez les étapes : l'une porte sur ce qu'il faut budgétiser en "
              "plus de l'intervention elle-même.",
    },
    "ex3.1.mistake.capacity_step": {
        "en": "Step {capacity_step} organises capacity building for the people "
              "who *prepare the budget*, before or during budget preparation. The "
              "helpline staff's training is a cost of the plan: another step asks "
              "to budget it.",
        "fr": "L'étape {capacity_step} organise le renforcement des capacités de "
              "ceux qui *préparent le budget*, avant ou pendant son élaboration. "
              "La formation du personnel de la ligne est un coût du plan : une "
              "autre étape demande de la budgétiser.",
    },
    "budget_intro": {
        "en": "## Lumeria's budget\n\n"
              "The plan costs {plan_total} over {base_year}-{end_year} (constant "
              "{base_year} prices). The table splits it into direct and support "
              "activities, start-up and recurrent costs, and contingency; the "
              "components add up to the total, and every total is the sum of the "
              "budget lines (each rounded to 0.01), so the tables reconcile "
              "exactly (second table).",
        "fr": "## Le budget de Lumeria\n\n"
              "Le plan coûte {plan_total} sur {base_year}-{end_year} (prix "
              "constants de {base_year}). Le tableau le répartit entre activités "
              "directes et d'appui, coûts de démarrage et récurrents, et "
              "provision pour imprévus ; les composantes s'additionnent pour "
              "donner le total, et chaque total est la somme des lignes "
              "budgétaires (chacune arrondie à 0,01) : les tableaux se "
              "recoupent exactement (second tableau).",
    },
    "ex3.2.prompt": {
        "en": "### Exercise 3.2 · The weight of support activities\n\n"
              "**What share of Lumeria's total budget (0-1) goes to support "
              "activities?** Contingency is not a support activity.",
        "fr": "### Exercice 3.2 · Le poids des activités d'appui\n\n"
              "**Quelle part du budget total de Lumeria (0-1) va aux activités "
              "d'appui ?** La provision pour imprévus n'est pas une activité "
              "d'appui.",
    },
    "ex3.2.hint1": {
        "en": "Support activities (start-up and recurrent) divided by the total.",
        "fr": "Activités d'appui (démarrage et récurrent) divisées par le total.",
    },
    "ex3.2.hint2": {
        "en": "Use the *support activities: total* row and the *total* row, and "
              "write the share as a number between 0 and 1.",
        "fr": "Utilisez la ligne *activités d'appui : total* et la ligne *total*, "
              "et écrivez la part comme un nombre entre 0 et 1.",
    },
    "ex3.2.correct": {
        "en": "{expected}: {support_total} of {plan_total}. Coordination, training "
              "and validation workshops are a real part of the cost; a plan "
              "that leaves them out is under-budgeted.",
        "fr": "{expected} : {support_total} sur {plan_total}. Coordination, "
              "formations et ateliers de validation sont une part réelle du coût ; "
              "un plan qui les oublie est sous-budgétisé.",
    },
    "ex3.2.wrong": {
        "en": "Take the support total from the components table and divide it by "
              "the grand total (contingency included in the total).",
        "fr": "Prenez le total des activités d'appui dans le tableau des "
              "composantes et divisez-le par le total général (provision comprise "
              "dans le total).",
    },
    "ex3.2.mistake.without_contingency": {
        "en": "You divided by the total without contingency: the share is of the "
              "whole budget, contingency included.",
        "fr": "Vous avez divisé par le total hors provision : la part se calcule "
              "sur tout le budget, provision comprise.",
    },
    "ex3.2.mistake.contingency_as_support": {
        "en": "You counted the contingency as a support activity: it is a reserve "
              "for every line, not an activity.",
        "fr": "Vous avez compté la provision comme une activité d'appui : c'est "
              "une réserve pour toutes les lignes, pas une activité.",
    },
    "ex3.2.mistake.secretariat_only": {
        "en": "That is the coordination secretariat only: support activities also "
              "sit inside other interventions (training lines).",
        "fr": "C'est le seul secrétariat de coordination : des activités d'appui "
              "se trouvent aussi dans d'autres interventions (lignes de "
              "formation).",
    },
    "conditions_intro": {
        "en": "## Five ideal conditions\n\n"
              "Step 4 asks to consider five ideal conditions for successful GCM "
              "budgeting, which the Guidance adapts from Downes and Nicol (OECD, "
              "gender budgeting). French as written; English our translation. "
              "Lumeria scored itself on a 0-3 scale (0 not in place, 1 emerging, "
              "2 partly in place, 3 in place: the GCM Workbook's scale). An item "
              "it did not score is *not assessed*, which is not the same as 0.",
        "fr": "## Cinq conditions idéales\n\n"
              "L'étape 4 demande d'examiner cinq conditions idéales pour une "
              "budgétisation réussie du Pacte mondial, que le Guide adapte de "
              "Downes et Nicol (OCDE, budgétisation sensible au genre). Français "
              "tel quel ; anglais : notre traduction. Lumeria s'est notée sur une "
              "échelle de 0 à 3 (0 absent, 1 émergent, 2 partiellement en place, "
              "3 en place : l'échelle de cet outil). Un élément non noté est *non "
              "évalué*, ce qui n'est pas la même chose que 0.",
    },
    "ex3.3.prompt": {
        "en": "### Exercise 3.3 · The weakest condition\n\n"
              "**Which of the five conditions (1-5) is weakest in Lumeria's "
              "self-assessment?**",
        "fr": "### Exercice 3.3 · La condition la plus faible\n\n"
              "**Laquelle des cinq conditions (1-5) est la plus faible dans "
              "l'auto-évaluation de Lumeria ?**",
    },
    "ex3.3.hint1": {
        "en": "Compare the scores of the conditions that were assessed.",
        "fr": "Comparez les scores des conditions qui ont été évaluées.",
    },
    "ex3.3.hint2": {
        "en": "A blank score means *not assessed*, not 0: leave it aside (and ask "
              "why it was not assessed).",
        "fr": "Un score vide signifie *non évalué*, pas 0 : laissez-le de côté "
              "(et demandez pourquoi il n'a pas été évalué).",
    },
    "ex3.3.correct": {
        "en": "Condition {expected}: *{weakest_condition}*, scored "
              "{weakest_score}. Lumeria should also assess condition "
              "{unassessed_condition}: a blank is a gap in the evidence, not a "
              "result.",
        "fr": "Condition {expected} : *{weakest_condition}*, notée "
              "{weakest_score}. Lumeria devrait aussi évaluer la condition "
              "{unassessed_condition} : une case vide est un manque "
              "d'information, pas un résultat.",
    },
    "ex3.3.wrong": {
        "en": "Look for the lowest score among the assessed conditions.",
        "fr": "Cherchez le score le plus bas parmi les conditions évaluées.",
    },
    "ex3.3.mistake.not_assessed_as_zero": {
        "en": "That condition was *not assessed* (blank): it has no score, so it "
              "cannot be the weakest one measured. Treat blanks as missing, never "
              "as 0.",
        "fr": "Cette condition n'a *pas été évaluée* (vide) : elle n'a pas de "
              "score et ne peut donc pas être la plus faible mesurée. Traitez les "
              "cases vides comme manquantes, jamais comme 0.",
    },
    "ex3.3.mistake.highest": {
        "en": "That is the *strongest* condition (highest score): the question "
              "asks for the weakest.",
        "fr": "C'est la condition la plus *solide* (score le plus haut) : la "
              "question demande la plus faible.",
    },
    "principles_intro": {
        "en": "## Ten principles of good budgetary governance\n\n"
              "Step 5 asks to refer to and illustrate the ten principles of good "
              "budgetary governance (the Guidance's Tool 9). They are, very "
              "likely, those of the OECD Recommendation on Budgetary Governance "
              "(2015), quoted here in English as written; the French is our "
              "translation. Lumeria's scores use the same 0-3 scale.",
        "fr": "## Dix principes de bonne gouvernance budgétaire\n\n"
              "L'étape 5 demande de se référer aux dix principes de bonne "
              "gouvernance budgétaire et de les illustrer (outil 9 du Guide). Ce "
              "sont très probablement ceux de la Recommandation de l'OCDE sur la "
              "gouvernance budgétaire (2015), cités en anglais tels quels ; le "
              "français est notre traduction. Les scores de Lumeria utilisent la "
              "même échelle de 0 à 3.",
    },
    "ex3.4.prompt": {
        "en": "### Exercise 3.4 · Which principle?\n\n"
              "In Lumeria, the plan's spending sits in the budgets of several "
              "ministries and no document adds it all up, so nobody can say what "
              "the State spends on migration. **Which principle (1-10) does this "
              "situation break most directly?**",
        "fr": "### Exercice 3.4 · Quel principe ?\n\n"
              "À Lumeria, les dépenses du plan sont dispersées dans les budgets de "
              "plusieurs ministères et aucun document ne les additionne : personne "
              "ne peut dire ce que l'État dépense pour la migration. **Quel "
              "principe (1-10) cette situation enfreint-elle le plus "
              "directement ?**",
    },
    "ex3.4.hint1": {
        "en": "The problem is not secrecy: it is that no account covers *all* of "
              "the spending.",
        "fr": "Le problème n'est pas le secret : c'est qu'aucun état ne couvre "
              "*toutes* les dépenses.",
    },
    "ex3.4.hint2": {
        "en": "Look for the principle about a *comprehensive* account of the "
              "public finances.",
        "fr": "Cherchez le principe qui parle d'un état *complet* des finances "
              "publiques.",
    },
    "ex3.4.correct": {
        "en": "Principle {expected}: *{comprehensive_principle}* A consolidated "
              "statement of the plan's spending across ministries is also what "
              "lesson 4's funding gap needs.",
        "fr": "Principe {expected} : *{comprehensive_principle}* Un état "
              "consolidé des dépenses du plan dans tous les ministères est aussi "
              "ce dont le calcul du déficit de financement de la leçon 4 a "
              "besoin.",
    },
    "ex3.4.wrong": {
        "en": "Read the ten principles again, looking for completeness of the "
              "account rather than openness or debate.",
        "fr": "Relisez les dix principes en cherchant l'exhaustivité de l'état "
              "financier plutôt que l'ouverture ou le débat.",
    },
    "ex3.4.mistake.transparency": {
        "en": "Close: that principle is about *publishing* budget documents and "
              "data. Here nothing is hidden; the spending is simply never added "
              "up. Which principle asks for a complete, reliable account?",
        "fr": "Presque : ce principe porte sur la *publication* des documents et "
              "données budgétaires. Ici rien n'est caché ; les dépenses ne sont "
              "simplement jamais additionnées. Quel principe demande un état "
              "complet et fiable ?",
    },
    "ex3.4.mistake.lowest_score": {
        "en": "That is the principle Lumeria scores lowest, but the question asks "
              "which principle *this situation* concerns.",
        "fr": "C'est le principe où Lumeria a le score le plus bas, mais la "
              "question demande quel principe concerne *cette situation*.",
    },
    "rights_intro": {
        "en": "## Human-rights-compliant budgeting\n\n"
              "Step 6 reads: *« {step6_fr} »* (our English: *{step6_en}*). The "
              "Guidance points to OHCHR and the International Budget Partnership, "
              "*Realizing Human Rights through Government Budgets* (2017, "
              "HR/PUB/17/3). A core idea there: the budget is a key instrument "
              "for realising rights, and the obligation to use the *maximum of "
              "available resources* (International Covenant on Economic, Social "
              "and Cultural Rights, article 2) applies to revenue as well as "
              "spending. In Lumeria's plan, the cultural mediators in health "
              "centres and the protection of trafficking victims are marked "
              "*essential*: lesson 4 shows that the funding rule protects them "
              "first.",
        "fr": "## Une budgétisation conforme aux droits de l'homme\n\n"
              "L'étape 6 dit : *« {step6_fr} »*. Le Guide renvoie au "
              "HCDH et à l'International Budget Partnership, *Realizing Human "
              "Rights through Government Budgets* (2017, HR/PUB/17/3). Une idée "
              "centrale de cet ouvrage : le budget est un instrument clé de la "
              "réalisation des droits, et l'obligation d'utiliser le *maximum des "
              "ressources disponibles* (Pacte international relatif aux droits "
              "économiques, sociaux et culturels, article 2) vaut pour les "
              "recettes comme pour les dépenses. Dans le plan de Lumeria, les "
              "médiateurs culturels des centres de santé et la protection des "
              "victimes de la traite sont marqués *essentiels* : la leçon 4 montre "
              "que la règle de financement les protège en premier.",
    },
    "ex3.5.prompt": {
        "en": "### Exercise 3.5 · A cut to make\n\n"
              "Lumeria's finance ministry must save 10 % on the plan. Which "
              "approach fits budgeting in line with human-rights obligations "
              "best? Answer `\"a\"`, `\"b\"`, `\"c\"` or `\"d\"`.\n\n"
              "- **a.** Cut every line by 10 %: the same effort for all is "
              "neutral.\n"
              "- **b.** Protect first the lines that secure rights for people in "
              "vulnerable situations (access to health care, protection of "
              "trafficking victims), look for resources elsewhere (other lines, "
              "revenue), and explain and consult on the cuts that remain.\n"
              "- **c.** Cut the services for migrants first, since they are not "
              "citizens.\n"
              "- **d.** Keep the plan as it is and let each ministry cut what it "
              "wants during the year.",
        "fr": "### Exercice 3.5 · Une coupe à faire\n\n"
              "Le ministère des Finances de Lumeria doit économiser 10 % sur le "
              "plan. Quelle approche correspond le mieux à une budgétisation "
              "conforme aux obligations en matière de droits de l'homme ? "
              "Répondez `\"a\"`, `\"b\"`, `\"c\"` ou `\"d\"`.\n\n"
              "- **a.** Réduire chaque ligne de 10 % : le même effort pour tous "
              "est neutre.\n"
              "- **b.** Protéger d'abord les lignes qui garantissent des droits "
              "aux personnes en situation de vulnérabilité (accès aux soins, "
              "protection des victimes de la traite), chercher des ressources "
              "ailleurs (autres lignes, recettes), et expliquer et soumettre à "
              "consultation les coupes restantes.\n"
              "- **c.** Couper d'abord les services destinés aux migrants, "
              "puisqu'ils ne sont pas citoyens.\n"
              "- **d.** Garder le plan tel quel et laisser chaque ministère couper "
              "ce qu'il veut en cours d'année.",
    },
    "ex3.5.hint1": {
        "en": "Think of *maximum of available resources* and of who depends on "
              "each service to enjoy a right.",
        "fr": "Pensez au *maximum des ressources disponibles* et à ceux qui "
              "dépendent de chaque service pour exercer un droit.",
    },
    "ex3.5.hint2": {
        "en": "Equal cuts are not neutral, and human rights apply to every "
              "person, whatever their nationality or status.",
        "fr": "Des coupes égales ne sont pas neutres, et les droits de l'homme "
              "s'appliquent à toute personne, quels que soient sa nationalité ou "
              "son statut.",
    },
    "ex3.5.correct": {
        "en": "Answer {expected}. It protects rights-critical services, looks at "
              "all available resources, and keeps the choice open to debate "
              "(OECD principles 4 and 5). It is also what the essential flag and "
              "the crisis rule of lesson 4 do.",
        "fr": "Réponse {expected}. Elle protège les services essentiels à "
              "l'exercice des droits, examine toutes les ressources disponibles et "
              "garde le choix ouvert au débat (principes 4 et 5 de l'OCDE). C'est "
              "aussi ce que font le drapeau « essentiel » et la règle de crise de "
              "la leçon 4.",
    },
    "ex3.5.wrong": {
        "en": "Compare the options with the idea of the maximum of available "
              "resources and the protection of people in vulnerable situations.",
        "fr": "Comparez les options avec l'idée du maximum des ressources "
              "disponibles et la protection des personnes en situation de "
              "vulnérabilité.",
    },
    "ex3.5.mistake.a": {
        "en": "Equal cuts look neutral but are not: 10 % less for victim "
              "protection or health mediation can stop a service people need to "
              "enjoy their rights, while other lines could bear more.",
        "fr": "Des coupes égales paraissent neutres mais ne le sont pas : 10 % de "
              "moins pour la protection des victimes ou la médiation en santé "
              "peut interrompre un service dont des personnes ont besoin pour "
              "exercer leurs droits, alors que d'autres lignes pourraient "
              "supporter davantage.",
    },
    "ex3.5.mistake.c": {
        "en": "Human rights apply to all migrants, regardless of status; human "
              "rights are one of the GCM's ten guiding principles. Cutting by "
              "nationality is discrimination, not budgeting.",
        "fr": "Les droits de l'homme s'appliquent à tous les migrants, quel que "
              "soit leur statut ; ils font partie des dix principes directeurs du "
              "Pacte mondial. Couper selon la nationalité est une discrimination, "
              "pas un arbitrage budgétaire.",
    },
    "ex3.5.mistake.d": {
        "en": "That hides the choice instead of making it: cuts made during the "
              "year, ministry by ministry, escape debate and scrutiny (OECD "
              "principles 4, 5 and 7) and may hit essential services first.",
        "fr": "Cela cache le choix au lieu de le faire : des coupes faites en "
              "cours d'année, ministère par ministère, échappent au débat et au "
              "contrôle (principes 4, 5 et 7 de l'OCDE) et peuvent frapper d'abord "
              "les services essentiels.",
    },
    "readiness_intro": {
        "en": "## Lumeria's readiness at a glance\n\n"
              "The chart shows every score of the self-assessment, including the "
              "plan-quality criteria, which are the **GCM Workbook's proposal**, "
              "not the Guide's Tool 8 (not available to us). Items not assessed "
              "are shown as such.",
        "fr": "## La préparation de Lumeria en un coup d'œil\n\n"
              "Le graphique montre tous les scores de l'auto-évaluation, y compris "
              "les critères de qualité du plan, qui sont une **proposition de cet "
              "outil**, pas l'outil 8 du Guide (dont nous ne disposons pas). Les "
              "éléments non évalués sont signalés comme tels.",
    },
    "summary": {
        "en": "## Key points\n\n"
              "- The Guidance's eight steps go beyond costing: capacity, funding, "
              "stakeholders, conditions, governance, human rights, support "
              "activities, administration.\n"
              "- A budget is read by component: direct and support, start-up and "
              "recurrent, contingency; totals reconcile with the lines.\n"
              "- Self-assessments are scored with evidence; a blank is *not "
              "assessed*, never 0.\n"
              "- Human-rights-compliant budgeting protects rights-critical "
              "services and looks at all available resources.\n\n"
              "**To discuss:** which of the five conditions is weakest in your "
              "country, and what would raise it? Where would a consolidated "
              "statement of migration spending come from? Who decides what is "
              "*essential* in your plan?",
        "fr": "## À retenir\n\n"
              "- Les huit étapes du Guide vont au-delà du chiffrage : capacités, "
              "financement, parties prenantes, conditions, gouvernance, droits de "
              "l'homme, activités d'appui, démarches administratives.\n"
              "- Un budget se lit par composante : direct et appui, démarrage et "
              "récurrent, provision ; les totaux se recoupent avec les lignes.\n"
              "- Les auto-évaluations se notent avec des justifications ; une case "
              "vide est *non évaluée*, jamais 0.\n"
              "- Une budgétisation conforme aux droits de l'homme protège les "
              "services essentiels à l'exercice des droits et examine toutes les "
              "ressources disponibles.\n\n"
              "**À discuter :** laquelle des cinq conditions est la plus faible "
              "dans votre pays, et qu'est-ce qui la renforcerait ? D'où viendrait "
              "un état consolidé des dépenses liées à la migration ? Qui décide de "
              "ce qui est *essentiel* dans votre plan ?",
    },
}
