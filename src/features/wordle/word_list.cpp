// The words Wordle accepts as guesses: a modest list of common English
// five-letter words written for this project (not the NYT's list). The
// day's solution is accepted even when it is missing here.
// Edit freely: lower case, five letters, separated by spaces or new lines.

#include "features/wordle/word_list.hpp"

#include <unordered_set>

namespace dbot::features::wordle {

std::string_view bundled_words() {
  static constexpr char kWords[] = R"WORDS(
abbey abide abode about above abuse acorn acres acrid actor acute adage adapt adept adieu admit
adopt adore adorn adult aegis affix afire afoot afoul after again agape agate agent agile aging
agony agree ahead aider aisle alarm album alert alias alibi alien align alike alive allay alley
allow alloy aloft alone along aloud alpha altar alter amaze amber amble amend amiss amity among
ample amply angel anger angle angry anime ankle annex annoy antic anvil aorta apart apple apply
apron aptly arbor ardor arena argon argue arise aroma arose array arrow arson ashen ashes aside
askew asset atlas atoll atone attic audio audit augur aunty avail avert avian avoid awake award
aware awful axial axiom azure bacon badge badly bagel baggy baker balmy banal banjo barge baron
bases basic basil basin basis baste batch bathe baton bayou beach beady beard beast beech beefy
befit began beget begin begun beige being belch belie belly below bench beret berry berth beset
bible bicep biddy bilge bingo birch birth bison bitty black blade blame bland blank blare blast
blaze bleak bleat bleed blend bless blimp blind blink bliss blitz bloat block bloke blond blood
bloom blown bluff blunt blurb blurt blush board boast bogus bongo bonus booby boost booth boozy
borax bossy botch bough bound boxer brace braid brain brake brand brash brass brave bravo brawl
brawn bread break breed briar bribe brick bride brief brine bring brink brisk broad broil broke
brood brook broom broth brown brush brute buddy budge buggy bugle build built bulge bulky bully
bunch bunny burly burnt burst bushy butch butte buxom buyer cabin cable cacao cadet camel cameo
canal candy canny canoe caper carat cares caret cargo carol carry carve caste catch cater catty
caulk cause cease cedar cello chafe chaff chain chair chalk champ chant chaos chard charm chart
chase chasm cheap check cheek cheer chess chest chick chide chief child chili chill chime chimp
china chirp choir choke chord chore chose chunk churn cider cigar cinch circa civic civil clack
claim clamp clang clank clash clasp class clean clear cleat cleft clerk click cliff climb cling
cloak clock clone close cloth cloud clout clove clown cluck clump clung coach coast coral corny
couch cough could count coupe court cover covet crack craft cramp crane crank crash crate crave
crawl craze crazy creak cream creed creek creep crepe crept crest crick crime crisp croak crock
crony crook croon cross crowd crown crumb crush crust crypt cubic cumin cupid curly curry curse
curve cycle cynic daily dairy daisy dance dandy dated dealt death debut decal decay decoy decry
deity delay delta delve demon denim dense depot depth deter detox devil diary digit diner dingy
dirty disco ditch ditto ditty diver dizzy dodge dogma doing dolly donor donut dopey dorsa doubt
dough dowdy dowel downy dowry dozen draft drain drake drama drank drape drawl drawn draws dread
dream dress drill drink drive droll drone drool droop dross drove drown druid dryer dryly duchy
dully dummy dumpy dunce dusky dusty dwarf dwell dwelt dying eager eagle early earns earth easel
eaten eater ebony edict eerie egret eight eject elbow elder elegy elfin elite elope elude embed
ember emcee empty endow enema enemy enjoy ennui ensue enter entry envoy epoch epoxy equal equip
erase erode error erupt essay ether ethic evade event every evict evoke exact exalt excel exert
exile exist expel extol extra exult fable facet fairy faith false fancy farce fatal fatty fault
feast feign feint fella felon femur fence feral ferry fetal fetch fever fewer fiber field fiend
fiery fifth fifty fight filet filly filmy filth final finch finer first fixed flail flair flake
flame flank flare flash flask fleck fleet flesh flick flier fling flint flirt float flock flood
floor flora flour flout flown fluid flung flunk flush flute foamy focal focus foggy folly foray
force forge forgo forte forth forty forum found foyer frail frame frank fraud freak freed fresh
frill frisk fritz frock frond front frost froth froze fruit fudge fugue fully fungi funky funny
furry fussy fuzzy gaily gamer gamma gamut gassy gaudy gauge gaunt gauze gavel gawky gecko geeky
genie genre ghost ghoul giant giddy girth given gland glare glass gleam glean glide glint gloat
globe gloom glory gloss glove gnash gnome godly going golem golly goner goody gooey goofy goose
gorge gouge gourd grace grade grand grant grass gravy graze great greed green greet grief grill
grime grimy grind gripe groan groin groom grope gross group grout growl grown gruel gruff grunt
guard guava guess guest guide guild guile guilt guise gulch gully gumbo gummy guppy gusto gusty
habit hairy halve handy happy hardy harem harpy harsh haste hasty hatch hater haunt haute haven
havoc hazel heady heard heart heath heave heavy hedge hefty heist helix hello hence heron hinge
hippo hippy hitch hoard hobby homer honey honor horde horse hotel hound house hovel hover howdy
human humid humor humph humus hunch hunky hurry husky hutch hyena hyper icily icing ideal idiom
idler idyll igloo iliac image imbue impel inane inbox incur index inept inert infer ingot inlay
inlet inner input inter irate irony islet issue itchy ivory jazzy jelly jerky jetty jewel jiffy
joint joker jolly joust judge juice juicy jumbo jumpy juror kappa karma kayak kebab khaki kiosk
kitty knack knave knead kneel knelt knife knock knoll known koala krill label labor laced laden
ladle lager lance lanky lapel lapse large larva laser lasso latch later lathe latte laugh layer
leafy leaky leant leapt learn lease least leave ledge leech leery lefty legal lemon lemur leper
level libel liege light lilac limbo limit linen liner lingo links lipid lithe liver lives livid
llama loamy loath lobby local locus lodge lofty logic loopy loose lorry loser louse lousy lover
lower lowly loyal lucid lucky lumen lumpy lunar lunch lunge lupus lurch lurid lusty lying lyric
macaw macho macro madam madly mafia magic major maker mange mango mangy mania manic manly manor
maple march marry marsh mason masse match matey mauve maxim maybe mayor mealy meant meaty mecca
medal media medic melee melon mercy merge merit merry messy metal metro micro midge midst might
mimic mince miner minim minor minty minus mirth miser missy mixed mocha model modem mogul moist
molar moldy momma mommy money month moody moose moral morph mossy motel motif motor motto moult
mound mount mourn mouse mousy mouth mover movie mower mucky mucus muddy mulch mummy munch mural
murky mushy music musky musty myrrh nadir naive nanny nasal nasty natal naval navel needs needy
neigh nerdy nerve never newer newly nicer niche niece night ninja ninny ninth noble nobly noise
noisy nomad noose north notch noted notes novel nudge nurse nutty nylon nymph oaken obese occur
ocean octal octet odder oddly offal offer often olive ombre omega onion onset opera opium optic
orbit order organ other otter ought outdo outer outgo ovary ovate overt ovine ovoid owing owner
oxide ozone paddy pagan paint paled palsy panel pansy papal paper parer parka parry parse party
pasta paste pasty patch patio patsy patty pause payee peace peach pearl pecan pedal penal pence
penne penny perch peril perky pesky pesto petal petty phase phone phony photo piano picky piece
piety piggy pilot pinch piney pinky pinto piper pique pitch pixel pixie pizza place plaid plain
plane plank plant plate plaza plead pleat plied plier pluck plumb plume plump plunk plush poesy
point poker polar polka polyp pooch poppy porch poser posit posse potty pouch pound pouty power
prank prawn preen press price prick pride prime primo print prior prism privy prize probe prone
prong proof prose proud prove prowl proxy prude prune psalm pudgy puffy pulpy pulse punch pupil
puppy puree purge purse pushy putty pygmy quack quail quake qualm quart quash quasi queen queer
quell query quest queue quick quiet quill quirk quite quota quote rabbi rabid racer races radar
radii radio rainy raise rajah rally ramen ranch randy range rangy rapid raspy ratio ratty raven
rayon razor reach react ready realm rebar rebel rebus rebut recap recur reedy refer regal rehab
reign relax relay relic remit renal renew repay repel reply rerun reset resin retch retro retry
reuse revel revue rhino rhyme rider ridge rifle right rigid rigor rinse ripen riper risen riser
risky rival river rivet roach roads roast roate robin robot rocky rodeo rogue roomy roost rotor
rouge rough round route rowdy rower royal ruddy rugby ruler rumba rumor rupee rural rusty sabre
sadly safer saint salad sally salon salsa salty salve salvo sandy saner sappy sassy satin satyr
sauce saucy sauna saute savor savoy savvy scald scale scalp scaly scamp scant scare scarf scary
scene scoff scold scone scoop scope score scorn scour scout scowl scram scrap scree screw scrub
scrum scuba sedan seedy segue seize sense sepia serif serum serve setup seven sever sewer shack
shade shady shaft shake shaky shale shall shame shank shape shard share sharp shawl shear sheen
sheep sheer sheet sheik shelf shell shied shift shine shiny shire shirk shirt shoal shock shone
shook shoot shore shorn short shout shove shown showy shrew shrub shrug shuck shunt shush shyly
siege sieve sight sigma silky silly since sinew singe siren sixth sixty sized skate skier skiff
skill skimp skirt skulk skull skunk slack slain slang slant slash slate sleek sleep sleet slept
slice slick slide slime slimy sling slink sloop slope slosh sloth slump slung slunk slurp slush
slyly smack small smart smash smear smell smelt smile smirk smite smith smock smoke smoky snack
snail snake snaky snare snarl sneak sneer snide sniff snipe snoop snore snort snout snowy snuck
snuff soapy sober soggy solar solid solve sonar sonic sooth sooty sorry sound south space spade
spank spare spark spasm spawn speak spear speck speed spell spend spent spicy spied spiel spike
spiky spill spilt spine spiny spire spite splat split spoil spoke spoof spook spool spoon spore
sport spout spray spree sprig spunk spurn spurt squad squat squib stack staff stage stain stair
stake stale stalk stall stamp stand stank stare stark start stash state stave stead steak steal
steam steed steel steep steer stein stern stick stiff still sting stink stint stock stoic stoke
stole stomp stone stony stood stool stoop store storm story stout stove strap straw stray strip
strut stuck study stuff stump stung stunk stunt style suave sugar suite sulky sully sumac sunny
super surer surge surly sushi swami swamp swarm swash swath swear sweat sweep sweet swell swept
swift swill swine swing swirl swish swoon swoop sword swore sworn swung synod syrup tabby table
taboo tacit tacky taffy taint taken tales tally talon tamer tango tangy taper tapir tardy tarot
taste tatty taunt tawny taxes teach teary tease teddy teeny teeth tempo tenet tenor tense tenth
tepee tepid terra terse testy thank theft their theme there these thick thief thigh thing think
third thong thorn those three threw throw thumb thump thyme tiara tibia tidal tiger tight tilde
timer times timid tipsy tired titan tithe title toast today toddy token tonal tones tonic tooth
topaz topic torch torso total totem touch tough tower toxic toxin trace track tract trade trail
train trait tramp trash trawl tread treat trend triad trial tribe trice trick tried tries trite
troll troop trope trout trove truce truck truer truly trump trunk truss trust truth tryst tubal
tuber tulip tulle tumor tunic turbo tutor twang tweak tweed tweet twice twine twirl twist udder
ulcer ultra umbra uncle uncut under undid undue unfed unfit unify union unity unlit untie until
unwed unzip upper upset urban usage usher usual usurp utter vague valet valid valor value vapor
vault vaunt vegan venom venue verge verse verso verve vicar video vigil vigor villa vinyl viola
viper viral virus visit visor vista vital vivid vixen vocal vodka vogue voice voila vomit voter
vouch vowel wacky wafer wager wagon waist waive waltz wards warty washy waste watch water weary
weave wedge weedy weigh weird whack whale wharf wheat wheel whelp where which whiff while whine
whiny whirl whisk white whole whoop whose widen widow width wield wight wimpy wince winch windy
wiser wispy witch witty woken woman women woody wooer wooly woozy words wordy world worry worse
worst worth would wound wrack wrath wreak wreck wrest wring wrist write wrong wrote wrung wryly
yacht yearn yeast yield yodel young youth zesty zonal
)WORDS";
  return kWords;
}

}  // namespace dbot::features::wordle

namespace dbot::features::wordle {

bool is_known_word(std::string_view word) {
  static const std::unordered_set<std::string_view> words = [] {
    std::unordered_set<std::string_view> set;
    const auto text = bundled_words();
    std::size_t start = 0;
    while (start < text.size()) {
      while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
      std::size_t end = start;
      while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
      if (end > start) set.insert(text.substr(start, end - start));
      start = end;
    }
    return set;
  }();
  return words.contains(word);
}

}  // namespace dbot::features::wordle
