"""Rebuild `names.json.gz` and `common_words.txt.gz`, the word lists that redaction uses to recognise people's names.

Not run at install or run time: the generated file is committed. Sources, all public domain or written here:
- the US Census Bureau 1990 frequency lists of given names and surnames (as shipped by the PyPI package `names`,
  files `dist.female.first`, `dist.male.first`, `dist.all.last`): the most frequent entries only;
- hand-written lists below of given names and surnames common in the UK that those lists miss (Welsh, Scottish,
  Irish, South Asian, West African, Polish, Chinese and nickname forms);
- a dictionary of English words (Debian's `wbritish`, /usr/share/dict/british-english) to mark names that are also
  ordinary words ("Grace", "Will", "Mark"), which redaction only takes as names with more context.

Usage: python build_name_lists.py CENSUS_DIR DICTIONARY_FILE
"""

import gzip
import json
import sys
from pathlib import Path

TOP_FEMALE = 2000
TOP_MALE = 900
TOP_SURNAMES = 6000

UK_GIVEN_NAMES = """
siobhan niamh aoife ciaran sinead saoirse eilidh ailsa morag hamish angus callum rhys cerys dafydd gareth geraint
bethan sian carys ffion iwan owain rhiannon gwen aled emyr declan seamus padraig ruairi eoin darragh oisin cian
mohammed muhammad mohammad mohamed ahmed ahmad hassan hussain imran asif tariq bilal yusuf ibrahim omar zain ayesha
fatima aisha zainab maryam amina sana saima nadia rukhsana shabana parveen nasreen priya anjali sunita deepak rajesh
sanjay vijay amit arjun rahul ravi sunil anil manjit harpreet gurpreet jaspreet kuldip balvinder sukhvinder raj
kiran neha pooja lakshmi chidi chinedu ngozi oluwaseun tunde funmi kwame kofi abena agnieszka katarzyna magdalena
piotr pawel tomasz krzysztof marek lukasz wojciech zofia andrzej jakub harry alfie archie freddie theo reggie ollie
charlie louie finley harley kai tyler jayden ellie evie isla freya millie maisie phoebe imogen esme ella lola amelia
ava mia isabella sienna bethany chloe gemma kirsty leanne stacey kayleigh jodie zoe lindsey nicola joanne tracey
tracy julie karen sharon gillian lorraine jackie mandy debbie nicky becky kev dave steve mick mike pete rob jim jimmy
tom tommy andy phil chris rich ian alan colin nigel graham trevor barry keith clive derek malcolm gordon neil stuart
craig darren wayne lee gavin jason shaun liam connor kieran ryan jamie dan danny sam jo jen kate katie liz beth jess
vicky steph val bev viv lyn lynne bernie jan janet sally sarah john mary james david paul mark michael peter susan
helen emma rachel hannah lucy sophie laura amy jade abbie abigail megan lauren georgia olivia emily grace ruby
jessica holly leah courtney shannon caitlin eleanor harriet rosie tilly matilda florence elsie ivy ada edith
doris dorothy margaret maureen pauline brenda sheila irene eileen jean joan elaine wendy denise carol christine
angela andrea alison claire clare fiona hazel heather joy kerry lesley louise marion moira morven rhona shona
sonia tanya tina trish yvonne ahmed aaron adam adrian alex alexander ali alistair andrew anthony ben benjamin
bradley brian carl charles christopher daniel dean dominic duncan edward elliot euan ewan frank fraser gary george
glenn gregory harvey henry hugh jack jacob jake jamal joe joel jonathan jordan joseph joshua kane kenneth kevin
kyle leon leo lewis logan luke marcus martin matthew max mohsin nathan nathaniel nicholas noah oscar owen patrick
philip ray raymond richard robert robbie robin roger ross roy russell scott sean simon spencer stephen steven ted
terry thomas timothy toby tony vincent wesley william zach zak
""".split()

UK_SURNAMES = """
smith jones williams taylor davies evans thomas johnson roberts walker wright robinson thompson hughes edwards
lewis harris clarke clark jackson wood turner martin cooper hill ward morris moore king watson harrison morgan
baker young allen mitchell anderson phillips patel khan singh ahmed ali hussain begum shah akhtar iqbal rahman
mahmood kaur sharma gupta kumar chaudhry choudhury mistry parmar chauhan desai joshi mehta nair pillai reddy rao
okafor okoro adeyemi adebayo mensah owusu boateng asante nowak kowalski wisniewski wojcik kaminski lewandowski
zielinski chen wang zhang liu yang huang zhao wu zhou campbell stewart macdonald mackenzie mcdonald murray reid
ross paterson fraser maclean mcleod robertson kerr grant sutherland mackay mclean mcintosh ferguson gallagher
obrien o'brien o'neill oneill murphy kelly byrne ryan doyle mccarthy walsh quinn fitzgerald mcgrath brennan
griffiths lloyd rees jenkins price morgan powell owen pugh parry vaughan howells bevan probert prosser
atkinson armstrong bell bennett booth bradley brooks burton chapman collins cox dawson dixon ellis fisher fletcher
foster gibson graham gray green hall hart hayes holmes hudson hunt hunter jenkins kennedy knight lawrence lee
marshall mason matthews mills moss murray palmer parker pearson perry powell richards richardson riley rogers
russell saunders scott shaw simpson spencer stevens stone sullivan thomson tucker wallace webb wells west wilkinson
williamson wilson wood woods
""".split()

# Names that are also dictionary words but are far more often names in a comment about care.
TREAT_AS_NAMES = {
    "john",
    "jack",
    "jean",
    "joe",
    "jim",
    "tom",
    "sam",
    "ben",
    "dan",
    "ray",
    "roger",
    "harry",
    "jake",
    "ted",
    "kate",
    "sally",
    "peter",
    "julie",
    "karen",
    "lee",
    "ian",
    "liz",
    "paul",
    "james",
    "sarah",
    "mary",
    "david",
    "susan",
    "helen",
    "emma",
    "rachel",
    "hannah",
    "lucy",
    "jan",
    "val",
    "viv",
    "bev",
    "jo",
    "di",
    "tony",
    "terry",
    "lewis",
    "owen",
    "gary",
    "kevin",
    "tina",
    "wendy",
    "sharon",
    "carol",
    "fiona",
    "ellie",
    "sophie",
    "megan",
}


def _read_census(path: Path, top: int) -> list[str]:
    names = []
    for line in path.read_text().splitlines()[:top]:
        if line.strip():
            names.append(line.split()[0].lower())
    return names


def _dictionary_words(path: Path) -> set[str]:
    # Only lower-case dictionary entries are ordinary words; capitalised entries are proper nouns such as names.
    return {word for word in path.read_text(encoding="utf-8", errors="ignore").split() if word.islower()}


def build(census_dir: Path, dictionary: Path) -> dict[str, list[str]]:
    words = _dictionary_words(dictionary)
    given = set(_read_census(census_dir / "dist.female.first", TOP_FEMALE))
    given |= set(_read_census(census_dir / "dist.male.first", TOP_MALE))
    given |= set(UK_GIVEN_NAMES)
    surnames = set(_read_census(census_dir / "dist.all.last", TOP_SURNAMES)) | set(UK_SURNAMES)
    ambiguous_given = {name for name in given if name in words and name not in TREAT_AS_NAMES}
    return {
        "given": sorted(given - ambiguous_given),
        "given_ambiguous": sorted(ambiguous_given),
        # A surname that is also a word ("Brown", "Hope") is only taken after a title or a given name.
        "surnames": sorted(name for name in surnames if name not in words and name not in given),
    }


def main() -> None:
    census_dir, dictionary = Path(sys.argv[1]), Path(sys.argv[2])
    lists = build(census_dir, dictionary)
    target = Path(__file__).with_name("names.json.gz")
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        json.dump(lists, handle, separators=(",", ":"))
    print({key: len(value) for key, value in lists.items()}, target)
    # Ordinary words, so that a capitalised word after a weak cue ("thanks to Ambulance Control") is not a name.
    given = set(lists["given"])
    words = sorted(w for w in _dictionary_words(dictionary) if w.isalpha() and w.isascii() and w not in given)
    with gzip.open(target.with_name("common_words.txt.gz"), "wt", encoding="utf-8") as handle:
        handle.write("\n".join(words))


if __name__ == "__main__":
    main()
