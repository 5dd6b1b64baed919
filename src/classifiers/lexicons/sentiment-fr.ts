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
    accord d'accord bravo ensemble  partage partager cadeau offert offre gratuit gratuite
    economie economiser economies durable renouvelable propres   vive hate mdr ptdr lol
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

/**
 * More French words, written for Vigie from general usage: the vocabulary of news headlines and
 * announcements (praise, progress, launches; threats, failures, disputes), of everyday complaint
 * and praise, and of informal writing. Same conventions as FR_WORDS.
 */
export const FR_MORE_WORDS: Record<string, string> = {
  '3': `epoustouflant epoustouflante eblouissant eblouissante somptueux somptueuse grandiose
    prodigieux prodigieuse phenomenal phenomenale remarquable remarquables admirable admirables
    inoubliable inoubliables emouvant emouvante bouleversant bouleversante jubiler jubile
    enthousiaste enthousiasme emerveille emerveillee emerveillement ravissant ravissante
    delicieux delicieuse savoureux savoureuse exquis exquise regal regale trop-bien trop-cool
    kiffant ouf  felicitation felicitons bravissimo hourra`,
  '2': `prometteur prometteuse prometteurs prometteuses encourageants encourageantes efficacite
    performant performante performants performances rentable rentables fiable fiables solide
    solides robuste ingenieux ingenieuse astucieux astucieuse pionnier pionniere precurseur
    innover innove innovent innovons inaugurer inaugure inauguration inaugurations ouvre
    lancement lance lancent realiser realise realisation aboutir abouti aboutissement atteint
    atteindre accomplir accompli accomplissement valoriser valorise valorisation favoriser
    favorise renforcer renforce renforcement developper developpe epanouissement enrichir
    enrichi enrichissant enrichissante  saluer salue saluent salut salutaire
    recompense recompenser recompense prime laureat laureate distinction honneur honore honoree
    merite meritant meritante digne dignite respect respecter respecte respectueux respectueuse
    engagement engage engagee engagent mobiliser mobilise mobilises mobilisation soutiennent
    soutenons aider aide aident aidez entraider secourir secours sauvetage sauveteurs survivre
    survit survie rescape rescapes guerison retablissement retablir reparer repare reparation
    restaurer restaure renover renove renovation nettoyer nettoye depolluer assainir recycler
    recyclage recycle economique economiques eco-responsable ecoresponsable 
    transparent transparence equitable equite egalite liberte libre libere liberer liberation
    harmonie equilibre equilibre serenite apaisement apaise reconcilier reconciliation
    consensus accord accords entente cooperation collaboratif partenariat allie allies
    resilient resiliente resilience adapter adapte adaptation opportun opportunites avantageux
    avantageuse gain gains gagnants beneficie beneficier benefices bienfait bienfaits
    bienfaisant vertueux vertueuse exemplaire exemplaires modele inspirant inspirante inspiration
    creatif creative creativite talent talentueux talentueuse genie brillant brillante brillamment
    habile competent competente competence expert experte qualifie reussissent reussit triompher
    remporte remporter remportent decroche decrocher obtient obtenir obtenu conquis conquerir
     records exploits  progression essor boom  florissant prospere
    prosperite abondance abondant abondante gratuitement offert offrent offrir cadeaux bonus
    promo promotion soldes reduction reductions bon-plan bons-plans concours gagner gagnez
    agreablement  volontiers avec-plaisir bienvenu bienvenue bienvenus accueillant
    festif festive festival fete fetes celebration celebrer anniversaire vacances detente
    relax relaxant reposant ressourcer plaisant plaisante charmant charmante charme seduisant
    seduisante seduit seduire adorables attachant attachante touchant touchante tendre tendresse
    complice complicite amitie ami amie amis amies copain copine pote potes famille
    sympathique sympas chouettes cools top-du-top nickel impeccable impeccables irreprochable
    confortable confort pratique simplifier simplifie faciliter facilite facilitee
    accessible accessibles abordable abordables  competitif competitive
    optimiste optimisme confiant confiante rassurant rassurante rassure rassurer apaisant
    soulage soulagee soulagement  espere esperons souhaite souhaitons
    souhaiter voeux meilleurs-voeux bonne-nouvelle bonnes-nouvelles goodnews 
    rigoler rigole rigolo rigolote rire rires marre-de-rire hilarant hilarante mort-de-rire
    jpp mdrr lool`,
  '-2': `mediocrite decevoir decoit decus decues desillusion desenchantement frustre frustree
    frustrant frustrante frustration enrage enragee rage rageant furieux furieuse indigne
    indignee indignation outre outree revolte revoltee exaspere exasperee exasperant
    insupportables penible penibles lourd lourde lourdingue chiants saoule saoulant gonfle
    gonflant soule emmerde emmerder emmerdant emmerdement emmerdes chier fait-chier
    deprimant deprimante deprime deprimee deprime depression desespoir desespere desesperee
    desesperant desesperante angoissant angoissante angoisse angoisses stressant stressante
    flippant flippe panique paniquer paniquent affole alarmant alarmante alarme alerte alertes
    urgence urgences menacent menaces inquietant inquietante inquietants inquietantes
    preoccupant preoccupante preoccupation dangereusement  peril perils perilleux
    fleau fleaux calamite  desastres ravage ravages ravager ravage saccage saccager
    devaste devaster devastation degat degats dommages endommage endommager sinistre
    sinistres accident accidents explosion explose effondrement effondre effondrer chute
    chuter plonge plongeon declin declinent deteriore deterioration aggrave aggraver aggravation
     empirer empire recule echouent echecs    manquent
    insuffisant insuffisante insuffisants insuffisance defaillance defaillances defaillant
    defectueux defectueuse dysfonctionnement dysfonctionnements  plante planter plantage
    lenteur lenteurs retarde retardee embouteillage embouteillages bouchon bouchons coince
    coincee coinces bloques paralyse paralysie perturbation perturbations perturbe
    nuisances bruyant bruyante bruyants contamine contamination contamines pollue polluee
    pollues polluants polluant dechets-toxiques fuite fuites maree-noire marees-noires deversement
    braconnage braconnier braconniers deforestation  abattage abattre abattus
      disparaissent menacee menacees  espece-menacee
    contre-productif inutile inutiles inefficace inefficaces incapable incapables nullite
    amateurisme bacle baclee bricolage laxisme laxiste negligence negligent irresponsable
    irresponsables inconscient inconscience imprudent imprudence incoherence contradiction
    contradictoire hypocrites mensonger mensongere mensonges menteurs trompe tromper tromperie
    trahi trahir trahison trahisons manipulation manipuler manipule propagande demagogie
    demagogue populiste escroc escrocs voleur voleurs  volee voles pillage piller
    racket extorsion magouille magouilles combine combines truque truquer triche tricher
    tricherie fraudeur fraudeurs abus abusif abusive abuser  exploite exploites
    injustement injustes discrimination discrimine inegal inegaux precaire precaires
    licencie licencies licenciements delocalisation faillites  fermetures endette
    endettement dette dettes deficit deficits ruine ruiner ruineux ruineuse onereux onereuse
    hors-de-prix trop-cher arnaqueur arnaqueurs surfacture  
    taxer  matraquage racketter pieges piege pieger piegee farce fiasco flop naufrage
    deconfiture debacle deroute humiliation humilie humiliant humiliante 
    polemiques controverses scandales  conflits querelle dispute disputes clash
    bagarre bagarres emeute emeutes pillages casseurs vandalisme vandales degradations
    agresse agresses agressif agressive agressions menace-de-mort harcelement harceler harcele
    intimidation intimider insulte insultes insulter injure injures mepris meprisant meprisante
    denigrer denigrement arrogant arrogante arrogance condescendant vulgaire grossier grossiere
    odieux odieuse abject abjecte minable minables pathetique pathetiques risible risibles
    grotesque ridicules ridiculise absurdite absurdites aberrante aberrants insense insensee
    folie fous irrationnel incomprehensible inexplicable inexcusable impardonnable indecent
    indecente deplace deplacee choquant choquante choque choquee consterne consternant
    consternation atterre atterrant effare effarant sidere sidérant stupeur effroyable
    epouvantable terrifiant terrifiante terrifie traumatise traumatisme cauchemar cauchemars
    cauchemardesque lugubre  morose maussade sombre tristement regrettable
    regrettables navrant navrante navre navree desole desolee desolant desolante deplorables
    lamentables pitie  pleurs sanglots chialer chiale souffrent souffert douloureuse
    blesses  tues decedes meurent mourant agonie deuil funerailles enterrement obseques
    condoleances  noye noyade noyes naufrages suicide suicides prison emprisonne
     arrestation inculpe mis-en-examen   
    amendes sanctionne puni punition punitif punitive repressif repression censure
    censurer interdits interdite interdites prohibe ferme-la tais-toi degage degagez
    fdp ntm tg pd batard batards bouffon bouffons  abrutis cretins debiles imbeciles
    idiots idiotes stupides stupidite betise betises  connasse pute salope
    encule encules  putin putains bordel merdique merdiques chiotte chiottes
    nul-a-chier naze nazes pourris bidon foireux foireuse craignos craint ca-craint
    relous galerer galeres galerien  boulet boulets lourdingues beurk beurk
    berk bof-bof mouais pfff pff pfft grr grrr argh snif sniff ouin`,
};

/**
 * Words that carry no sentiment although Pattern scores them or the stemmer makes them look like
 * one that does: conditional and future of `pouvoir` (stem of `pourri`), place and group names,
 * colours, and frequent nouns Pattern rates from one sense (`force`, `fermes` = farms).
 */
export const FR_NEUTRAL = `pourrait pourraient pourrais pourrions pourriez pourra pourras pourrons
  pourront galerie galeries france francais francaise francaises royal royale royaux special
  speciale speciaux force forces ferme fermes animaux animal dernier derniere derniers
  changement changements changer vert verts verte vertes rouge rouges noir noirs noire noires
  blanc blanche bleu bleue jaune gris exploitant exploitants connu connue connus connues
  humaine humaines humain humains sociale sociales social sociaux grand grande grands grandes
  petit petite petits petites moyen moyens moyenne haut haute hautes bas basse direct directe
  chaleur interesser ouverte ouvert unique unis
  fortune dominant dominante dominants exclusif exclusive central centrale centrales
  ancien ancienne anciens anciennes jeune jeunes vieux vieille monde mondial mondiale
  public publique publics etat etats gouvernement ministre politique politiques`.split(/\s+/).filter((w) => w !== '');
