"""Cue words for each subcategory of the v7 framework, written from the framework's descriptions.

Each pattern becomes one feature (how often it matches, capped), beside the TF-IDF n-grams. Rare subcategories
("Parking", "Electronic entertainment", "Pain management") have too few labelled comments to learn their words
from; a short list of the words that define them gives the linear model a head start. The patterns match the
lower-cased comment.
"""

THEME_CUES: dict[str, str] = {
    "Organisation & efficiency": r"\b(organi[sz]ed|organi[sz]ation|disorgani[sz]ed|efficien\w*|inefficien\w*|well run|smooth\w*|chaotic|chaos|shambles|admin\w*|paperwork|bureaucra\w*|systems?|process\w*|managed|management)",
    "Funding & use of financial resources": r"\b(fund\w*|money|budget\w*|cuts?|financ\w*|costs?|costly|afford\w*|resources|salar\w*|wages?|underfunded|invest\w*|government|paid|pay)\b",
    "Staff manner & personal attributes": r"\b(kind\w*|friendly|unfriendly|polite\w*|impolite|rude\w*|caring|uncaring|compassion\w*|respect\w*|disrespect\w*|dignity|patient with|patience|courteous|helpful|unhelpful|lovely|attitude\w*|manner\w*|professional\w*|unprofessional|reassur\w*|empath\w*|nice|pleasant|cheerful|welcoming|considerate|sympathetic|gentle|warm|approachable|dismissive|arrogant|abrupt|condescending|patronising)",
    "Competence & training": r"\b(competen\w*|incompeten\w*|training|trained|untrained|skill\w*|knowledg\w*|experienced|inexperienced|qualified|unqualified|mistakes?|errors?|misdiagnos\w*|expert\w*|thorough\w*|capable|efficient)",
    "Unspecified communication": r"\b(communicat\w*|communication)",
    "Staff listening, understanding & involving patients": r"\b(listen\w*|heard|involv\w*|understood|understanding|my views|opinions?|choices?|decisions?|taken seriously|ignored|dismissed|my needs|my wishes|asked me|consult\w*|believed)",
    "Information directly from staff during care": r"\b(explain\w*|explanations?|told (me|us)|informed|talk(ed)? (me|us) through|questions|answered|what was happening|what they were doing|reassured)",
    "Information provision & guidance": r"\b(information|leaflets?|advice|advise\w*|guidance|signpost\w*|websites?|info|resources|self[- ]help|booklet)",
    "Being kept informed, clarity & consistency of information": r"\b(kept (me|us)? ?(informed|updated|up to date)|updat\w*|keep (me|us)? ?(informed|updated)|inconsisten\w*|conflicting|clarity|unclear|mixed messages|eta|let (me|us) know|call(ed)? (ahead|back)|estimated time|no idea when|not told|wasn'?t told|weren'?t told)",
    "Interaction with family/ carers": r"\b(family|families|carers?|relatives?|wife|husband|partner|mum|mother|dad|father|son|daughter|parents?|next of kin|visitors?|visiting|loved ones?|grand\w+)",
    "Contacting services": r"\b(phones?|phoned|phoning|telephone\w*|calls?|called|calling|ring\w*|rang|get through|got through|on hold|answer\w*|e-?mails?|contact\w*|lines?|switchboard|voicemail|queue)",
    "Appointment arrangements": r"\b(appointments?|appts?|book\w*|cancel\w*|reschedul\w*|slots?|letters?|text messages?|texts?|reminders?|sessions?|visits?|rearrang\w*|times? slots?|frequen\w*)",
    "Appointment method": r"\b(face to face|face-to-face|f2f|video|zoom|teams|telephone appointment|phone appointment|over the phone|home visits?|online|virtual\w*|in person|remote\w*|telephone consultation|attend anywhere)",
    "Timeliness of care": r"\b(wait\w*|quick\w*|prompt\w*|fast\w*|delay\w*|late|lateness|on time|early|hours?|hrs?|minutes?|mins?|slow\w*|speed\w*|straight away|immediate\w*|response|arrived|arrival|soon|long time|took ages|ages|punctual\w*|time)",
    "Pain management": r"\b(pain\w*|analges\w*|morphine|paracetamol|ibuprofen|gas and air|entonox|sore|hurt\w*|agony|relief)",
    "Discharge": r"\b(discharg\w*|sent home|going home|leave hospital|leaving hospital|released)",
    "Cleanliness, tidiness & infection control": r"\b(clean\w*|dirty|dirt|filthy|hygien\w*|tidy|untidy|messy|infection|hand gel|sanitis\w*|sanitiz\w*|washed|masks?|ppe|covid|gloves|spotless|dust\w*)",
    "Service location": r"\b(location|located|nearer|closer to home|far away|distance|miles|out of area|closer|near (to )?home|local|travel(l?ing|l?ed)? (to|far))",
    "Transport to/ from services": r"\b(transport\w*|ambulances?|drivers?|driving|drove|crew|journeys?|pick(ed)? (me|us|him|her)? ?up|picked up|pick up|pickup|collect\w*|drop(ped)? (me|us|him|her)? ?off|taxi|vehicle|van|car|lift|ride|pts)",
    "Parking": r"\b(parking|car park\w*|parked|park)\b",
    "Electronic entertainment": r"\b(tv|tvs|television|telly|wi-?fi|internet|games?|consoles?|xbox|playstation|ps[345]|ipads?|tablets? computer|laptops?|dvds?|films?|movies?|netflix|radio|music|computer\w*|mobile phones?)\b",
    "Feeling safe": r"\b(safe|safety|safely|unsafe|secure|security|protected|scared|frightened|threaten\w*|danger\w*|safe hands|vulnerable|afraid)",
    "Mental Health Act": r"\b(mental health act|section(ed|s)?|mha|tribunal\w*|detained|detention|s17|section 17|hospital managers|cto|community treatment order|my rights|advocate|advocacy|leave)\b",
    "Supplying & understanding medication": r"\b(medicat\w*|medicines?|meds|tablets?|pills?|prescri\w*|doses?|dosage|pharmac\w*|injections?|depot|side effects?|drugs?|clozapine|antidepress\w*)",
    "Activities & access to fresh air": r"\b(activit\w*|fresh air|garden\w*|outside|walks?|walking|gym|exercise|groups?|bored|boredom|outings?|trips?|courtyard|smok\w*|cigarettes?|vape|art|arts|crafts?|cooking|occupational|ot|things to do|nothing to do|leave)\b",
    "Food & drink provision & facilities": r"\b(food|meals?|menu|eat\w*|drinks?|cup of tea|tea|coffee|snacks?|breakfast|lunch|dinner|supper|kitchen|canteen|hungry|diet\w*|portions?|vegetarian|halal|cook\w*|fruit|takeaway)\b",
    "Sensory experience": r"\b(nois\w*|loud|quiet|smell\w*|lighting|lights?|temperature|cold|hot|warm|heating|air con\w*|bright|dark|uncomfortable|sleep\w*|screaming|shouting)\b",
    "Environment, facilities & equipment": r"\b(environment|facilit\w*|equipment|buildings?|rooms?|decor|furniture|toilets?|bathrooms?|showers?|wheelchairs?|stretchers?|chairs?|seats?|beds?|spaces?|waiting area|waiting room|accessib\w*|maintenance|broken|repairs?|ward)\b",
    "Continuity of care": r"\b(continuity|same (staff|nurse|doctor|person|worker|people)|different (staff|nurse|doctor|doctors|people|person|worker|workers)|referr?al\w*|referr?ed|diagnos\w*|triage\w*|care plans?|handover|follow[- ]?up|passed (around|between)|transfer\w*|care co-?ordinator|changed|changes of)",
    "Staffing levels & responsiveness": r"\b(short[- ]staffed|understaffed|under staffed|shortages?|more staff|not enough staff|enough staff|busy|stretched|overworked|over worked|agency|bank staff|staffing|call bells?|responsive\w*|attend(ed)? to|respond\w*|pressure|staff levels)",
    "Positive experience & gratitude": r"\b(thank\w*|thanx|excellent|great|brilliant|fantastic|amazing|good|nothing|all good|keep (it )?up|wonderful|perfect|happy|satisfied|outstanding|superb|no complaints|can'?t (fault|think)|couldn'?t (fault|ask)|nowt|n/?a|none|no|ok|okay|fine|best|grateful)",
}
