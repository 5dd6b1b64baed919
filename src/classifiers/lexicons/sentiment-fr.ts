/**
 * French nouns, verbs and adverbs with a clear polarity, which natural's French vocabulary
 * (pattern, adjectives mostly) does not have. Written for Vigie (see README.md here); AFINN
 * scale, folded (no accents), grouped by score. Verbs are given in the forms posts use most
 * (infinitive, past participle, present); the stemmer finds the rest. `-` joins the words of
 * a phrase.
 */
export const FR_WORDS: Record<string, string> = {
  '3': `adorer adore adorent adorable aimer aime aimons amour bonheur joie ravi ravie enchante enchantee
    felicitations felicite feliciter bravo merci mercii remercie remercier remerciements gratitude
    reconnaissant genial geniale magnifique merveille merveilleux merveilleuse sublime splendide superbe
    formidable fantastique extraordinaire exceptionnel exceptionnelle excellent excellente parfait
    parfaite parfaitement triomphe victoire vainqueur champion reussite succes exploit chef-d'oeuvre
    paradis passionnant passionnante epanoui epanouie heureux heureuse heureusement youpi hourra
    chapeau coup-de-coeur incontournable`,
  '2': `bon bonne bien beau belle joli jolie mignon mignonne sympa sympathique agreable gentil gentille
    content contente satisfait satisfaite plaisir fier fiere fierte espoir esperer espere confiance
    courage courageux solidaire solidarite entraide generosite genereux genereuse soutien soutenir
    soutient soutenu encourager encourage encourageant encourageante feliciter applaudir applaudit
    celebrer celebre fete feter progres progresser ameliorer ameliore amelioration avancee avancees
    innovation innovant innovante reussir reussi reussie gagner gagne gagnant gagnante profiter
    profitez avantage avantages benefice benefique favorable positif positive efficace utile
    pratique proteger protege protection preserver preserve sauver sauve sauvegarde securite
    propre sain saine sante guerir gueri paix calme serein sereine tranquille doux douce
    chaleureux chaleureuse accueillant accueillante bienvenue accueillir rire sourire souriant
    drole marrant amusant amusante divertissant interessant interessante captivant fascinant
    impressionnant impressionnante incroyable etonnant top cool classe chic elegant elegante
    qualite recommande recommander conseille ideal ideale opportunite solution solutions
    accord d'accord bravo ensemble unis partage partager cadeau offert offre gratuit gratuite
    economie economiser economies durable renouvelable propres vert verte vive hate mdr ptdr lol
    xd haha hahaha jtm love bisous bises calin`,
  '1': `interessant clair claire simple facile possible nouveau nouvelle nouveaux nouveautes decouvrir
    decouvrez decouverte apprendre comprendre assez enfin oui vrai vraie juste ok okay normal
    important importante essentiel essentielle pertinent pertinente serieux serieuse rapide
    stable croissance hausse augmentation record`,
  '-1': `probleme problemes souci soucis difficile difficulte difficultes compliqué complique
    bizarre etrange dommage hélas helas malheureusement pourtant baisse recul reculer retard
    retarder attente manque manquer absence absent lent lente cher chere couteux
    couteuse taxe taxes impot impots fatigue fatigant fatigante ennui ennuyeux ennuyeuse critique
    critiquer critiques polemique controverse doute douter inquiet inquiete risque risques
    incertain incertitude`,
  '-2': `mal mauvais mauvaise triste tristesse malheureux malheureuse decu decue decevant decevante
    deception echec echouer echoue perte pertes perdre perdu perdue defaite faible faiblesse
    erreur erreurs faute fautes rate ratee raté grave gravement dangereux dangereuse danger
    menace menacer menace menaces menacee peur craindre crainte effrayant effrayante inquietude
    anxiete angoisse stress stresse souffrir souffrance souffre douleur douloureux blesse blessure
    malade maladie mort morts mourir meurt deces decede victime victimes crise chomage pauvrete
    pauvre misere precarite pollution polluer pollue pollueur pollueurs pollution toxique nocif
    nuisance nuisible rechauffement secheresse inondation inondations tempete canicule incendie
    incendies disparition disparaitre extinction detruire detruit detruite destruction degrader
    degrade degradation abimer abime gaspillage gaspiller gacher interdire interdit interdiction
    refuser refuse refus rejeter rejete rejet supprimer supprime suppression annuler annule
    annulation suspendre suspendu suspension bloquer bloque blocage greve conflit tension tensions
    colere enerve enervee enervant agace agacant marre ras-le-bol plainte plaindre pleurer pleure
    larmes triste regret regretter regrette deplorer deplorable pitoyable mediocre lamentable
    ridicule absurde aberrant aberration incoherent incompetent incompetence injuste injustice
    inegalite inegalites mensonge mentir ment menteur hypocrite hypocrisie arnaque arnaquer
    voler vole vol escroquerie fraude corruption corrompu scandale polemique accuser accuse
    condamner condamne condamnation proces amende sanction sanctions echouer faillite licenciement
    licencier fermeture fermer abandon abandonner abandonne oublie oublier negliger neglige
    retard retards panne pannes bug bugs casse casser cassé nul nulle naze bof pire pires`,
  '-3': `horrible horreur affreux affreuse atroce terrible catastrophe catastrophique desastre desastreux
    drame dramatique tragedie tragique massacre massacrer tuer tue tuent tueur meurtre assassiner
    assassine assassinat attentat terroriste terrorisme guerre violence violences violent violente
    agression agresser viol torture cruel cruelle cruaute haine hair hais deteste detester
    degoutant degueulasse degout ecoeurant ignoble infame honte honteux honteuse scandaleux
    scandaleuse inadmissible inacceptable intolerable revoltant revoltante insupportable
    merde putain connard connards salaud salauds ordure ordures debile cretin abruti imbecile
    stupide idiot idiote con conne connerie conneries foutage enfoire enfoires heresie delire`,
};
