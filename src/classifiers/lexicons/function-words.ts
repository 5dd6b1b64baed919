/**
 * The most frequent short words of languages that share the Latin script, for telling close
 * languages apart in short posts (Spanish and Portuguese, Italian; French and Catalan), where
 * trigrams alone hesitate. Written for Vigie from general knowledge of each language; lower
 * case, with their accents (language detection reads unfolded text). A word common to two
 * languages counts for both, so it settles nothing between them, as it should.
 */
export const FUNCTION_WORDS: Record<string, string> = {
  eng: `the a an and or but of to in on at for with from by about as into is are was were be been being
    am have has had do does did will would can could should may might must not no this that these those
    there here it its i you he she we they me him her us them my your his our their what which who whom
    when where why how all any some more most very just so than then too also only if because while
    don't doesn't didn't isn't aren't wasn't i'm you're it's that's can't won't i've i'll gonna wanna
    got get out up like`,
  fra: `le la les un une des du de d l et ou mais donc car ni que qui quoi dont où ce cet cette ces au aux
    en dans sur sous avec pour par sans chez vers est sont était être avoir ai as avons avez ont a été
    fait je tu il elle nous vous ils elles on me te se lui leur leurs mon ma mes ton ta tes son sa ses
    notre nos votre vos ne pas plus très bien tout tous toute toutes aussi comme si y c'est n'est
    qu'il j'ai c'était ça cela ceci quand alors encore déjà toujours jamais rien peu trop moi toi`,
  spa: `el la los las un una unos unas y o pero de del al en con por para sin sobre entre hasta desde que
    qué quien quién cual cuál como cómo cuando cuándo donde dónde es son era fue ser estar está están
    estoy estás estaba he ha han hay había tengo tiene tienen yo tú él ella nosotros ellos ellas me te
    se le les lo nos mi mis tu tus su sus muy más mucho muchos poco ya también porque pues bueno así
    esto eso esta este ese esa estos esas nada todo todos siempre nunca ni hoy mañana ahora aquí
    gracias jaja jajaja no sí si ti un`,
  por: `o a os as um uma uns umas e ou mas de do da dos das no na nos nas em ao aos à às com por para pelo
    pela pelos pelas sem sobre entre até desde que quem qual como quando onde é são era foi ser estar
    está estão estou tá tô tem têm tinha eu tu ele ela nós eles elas você vocês me te se lhe lhes
    meu minha meus minhas seu sua seus suas muito mais já também porque isso isto essa esse este esta
    nada tudo todos sempre nunca nem hoje agora aqui não sim vai vou bem obrigado obrigada kkk kkkk
    ja né pra pro num numa`,
  ita: `il lo la i gli le un uno una e ed o ma di del dello della dei degli delle a al allo alla ai agli
    alle da dal dalla in nel nello nella nei con su sul sulla per tra fra che chi cui come quando dove
    è sono era ero essere ho hai ha abbiamo hanno avere io tu lui lei noi voi loro mi ti si ci vi ne
    mio mia miei mie tuo tua suo sua non più molto già anche perché questo questa quello quella
    niente tutto tutti sempre mai oggi adesso qui qua grazie ciao sì però cosa`,
  deu: `der die das den dem des ein eine einen einem einer und oder aber von zu zum zur in im an am auf
    für mit aus bei nach über unter vor durch ist sind war waren sein bin bist hat habe haben hatte
    wird werden kann können muss ich du er sie es wir ihr mich dich sich mir dir uns euch mein meine
    dein deine sein seine nicht kein keine auch noch schon nur sehr so wie was wer wo wenn dass weil
    doch mal ja nein heute jetzt hier immer alle alles man`,
  nld: `de het een en of maar van in op aan met voor bij uit naar over door om te is zijn was waren ben
    heb hebt heeft hebben had kan kunnen wil moet ik jij je hij zij ze wij we jullie mij me ons mijn
    jouw zijn haar onze niet geen ook nog al wel heel zo als wat wie waar wanneer dat die deze dit
    omdat hier nu altijd alles`,
};
