"""Table-driven tests of the claim extractor on the real spaCy model.

Every case is ``(id, text, expected)`` where ``expected`` lists, in document order,
the ``(speaker, party, cue, content)`` of each claim a correct extractor must find
(``[]`` means "must give nothing").  The texts are invented for these tests; the
people are made up, the countries are real.

The expectations follow the conventions of :class:`claims.models.Claim`:

* ``speaker`` is resolved to the fullest name mentioned earlier in the document
  (short names, he/she, "the minister" after an apposition), or in a lede to the bare
  name the next paragraph gives the role ("Poland's interior minister said ... '...,'
  Tomasz Wierzbicki told reporters"); a body without a person
  keeps its phrase without a leading article; "according to a readout from X" -> X.
* ``party`` is the canonical country or organisation (nationality adjective,
  possessive, metonym, a person's title or apposition, carried through the document).
* ``cue`` is the cue as written; ``content`` has no surrounding quote marks, no
  leading "that"/"whether", no final period and no comma before a closing quote.
"""

from __future__ import annotations

import pytest

from claims.extract import Extractor, load_nlp
from claims.models import Claim, Document

pytestmark = pytest.mark.slow

Expected = list[tuple[str | None, str | None, str, str]]

# fmt: off
CASES: list[tuple[str, str, Expected]] = [
    # ------------------------------------------------------------------ 1. verb cues
    (
        "said_that_titled_person",
        "Ukrainian Foreign Minister Oksana Melnyk said that the grain corridor would stay "
        "open through the winter.",
        [("Oksana Melnyk", "Ukraine", "said",
          "the grain corridor would stay open through the winter")],
    ),
    (
        "said_bare_clause_body",
        "The Estonian government said its border posts would close at midnight on Friday.",
        [("Estonian government", "Estonia", "said",
          "its border posts would close at midnight on Friday")],
    ),
    (
        "said_on_day_that",
        "Estonian Prime Minister Kristjan Tamm said on Monday that Narva would get a new "
        "network of air-raid shelters.",
        [("Kristjan Tamm", "Estonia", "said",
          "Narva would get a new network of air-raid shelters")],
    ),
    (
        "told_object_that",
        "Swedish Defence Minister Karin Lindqvist told parliament that the island garrison "
        "on Gotland would be doubled.",
        [("Karin Lindqvist", "Sweden", "told",
          "the island garrison on Gotland would be doubled")],
    ),
    (
        "warned_that_kremlin",
        "The Kremlin warned that any seizure of Russian central bank assets would be "
        "treated as theft.",
        [("Kremlin", "Russia", "warned",
          "any seizure of Russian central bank assets would be treated as theft")],
    ),
    (
        "insisted_that",
        "Hungarian Foreign Minister Zoltan Farkas insisted that Budapest had not blocked "
        "the aid package.",
        [("Zoltan Farkas", "Hungary", "insisted", "Budapest had not blocked the aid package")],
    ),
    (
        "claimed_that_possessive_body",
        "Russia's defence ministry claimed that its troops had captured two villages near "
        "the river.",
        [("Russia's defence ministry", "Russia", "claimed",
          "its troops had captured two villages near the river")],
    ),
    (
        "denied_that_metonym_minsk",
        "Minsk denied that Belarusian helicopters had crossed into Polish airspace.",
        [("Minsk", "Belarus", "denied",
          "Belarusian helicopters had crossed into Polish airspace")],
    ),
    (
        "accused_of",
        "Lithuanian officials accused Moscow of orchestrating the cyberattack on the "
        "national railway.",
        [("Lithuanian officials", "Lithuania", "accused",
          "Moscow of orchestrating the cyberattack on the national railway")],
    ),
    (
        "added_after_said_pronoun",
        "French Armed Forces Minister Helene Marchand said France would send two more "
        "air-defence systems.\n\n"
        "She added that training for Ukrainian crews would begin in March.",
        [("Helene Marchand", "France", "said", "France would send two more air-defence systems"),
         ("Helene Marchand", "France", "added",
          "training for Ukrainian crews would begin in March")],
    ),
    (
        "stressed_that",
        "Dutch Prime Minister Pieter Vermeulen stressed that the Netherlands would meet "
        "NATO's spending target this year.",
        [("Pieter Vermeulen", "Netherlands", "stressed",
          "the Netherlands would meet NATO's spending target this year")],
    ),
    (
        "noted_that_body",
        "The Finnish border guard noted that crossings had fallen sharply since the fence "
        "was finished.",
        [("Finnish border guard", "Finland", "noted",
          "crossings had fallen sharply since the fence was finished")],
    ),
    (
        "argued_that",
        "Latvian Foreign Minister Edgars Ozols argued that the sanctions were finally "
        "starting to bite.",
        [("Edgars Ozols", "Latvia", "argued", "the sanctions were finally starting to bite")],
    ),
    (
        "confirmed_that_pentagon",
        "The Pentagon confirmed that a second Patriot battery had arrived in Poland.",
        [("Pentagon", "United States", "confirmed",
          "a second Patriot battery had arrived in Poland")],
    ),
    (
        "announced_that",
        "Romanian Defence Minister Mihai Popescu announced that Romania would buy 32 more "
        "fighter jets from Norway.",
        [("Mihai Popescu", "Romania", "announced",
          "Romania would buy 32 more fighter jets from Norway")],
    ),
    (
        "has_said_perfect",
        "Moldovan President Elena Rusu has said her country will not be dragged into the war.",
        [("Elena Rusu", "Moldova", "has said", "her country will not be dragged into the war")],
    ),
    (
        "said_adding_that",
        '"The port is fully operational," the Ukrainian navy said, adding that two cargo '
        "ships had left Odesa overnight.",
        [("Ukrainian navy", "Ukraine", "said", "The port is fully operational"),
         ("Ukrainian navy", "Ukraine", "adding", "two cargo ships had left Odesa overnight")],
    ),
    (
        "linking_preposition_after_verb_in_cue",
        'Latvian Foreign Minister Ilze Berzina has long argued for "a joint Baltic air '
        'defence."',
        [("Ilze Berzina", "Latvia", "has long argued for", "a joint Baltic air defence")],
    ),
    (
        "participle_cue_closing_the_reported_clause",
        "Estonian Prime Minister Kristjan Tamm said the port would reopen in May, insisting "
        "that the ice had not damaged the quays.",
        [("Kristjan Tamm", "Estonia", "said", "the port would reopen in May"),
         ("Kristjan Tamm", "Estonia", "insisting", "the ice had not damaged the quays")],
    ),
    (
        "other_speaker_coordinated_onto_the_reported_clause",
        "Finnish President Aino Korhonen emphasized that Finland's reforms were not "
        "complete, and Russian officials warned that the government was giving up its "
        "leverage over the army.",
        [("Aino Korhonen", "Finland", "emphasized", "Finland's reforms were not complete"),
         ("Russian officials", "Russia", "warned",
          "the government was giving up its leverage over the army")],
    ),
    (
        "as_clause_with_its_own_object_is_its_own_claim",
        "Polish Prime Minister Marek Zielinski praised the ceasefire as he announced "
        "new aid for the eastern provinces.",
        [("Marek Zielinski", "Poland", "praised", "the ceasefire"),
         ("Marek Zielinski", "Poland", "announced", "new aid for the eastern provinces")],
    ),
    (
        "calling_for_an_infinitive_clause",
        "Lithuanian Foreign Minister Tomas Vaitkus is calling for the European Union to "
        "close its border with Belarus.",
        [("Tomas Vaitkus", "Lithuania", "is calling for",
          "the European Union to close its border with Belarus")],
    ),
    (
        "made_clear_that",
        "Czech Prime Minister Petr Novak has made clear that Prague will not send troops.",
        [("Petr Novak", "Czech Republic", "has made clear", "Prague will not send troops")],
    ),
    (
        "light_verb_object_belongs_to_the_cue",
        "Romanian President Ion Dobre expressed deep concern about the new Moldovan "
        "border checks.",
        [("Ion Dobre", "Romania", "expressed deep concern about",
          "deep concern about the new Moldovan border checks")],
    ),
    (
        "reply_verb_joins_its_saying",
        "The Kremlin responded on Friday, saying the drills near the Estonian border "
        "were routine.",
        [("Kremlin", "Russia", "responded on Friday, saying",
          "the drills near the Estonian border were routine")],
    ),
    (
        "two_fronted_clauses_are_one_claim",
        "The two governments agreed on one thing: the call lasted about forty minutes, "
        "both foreign ministries said.",
        [("both foreign ministries", None, "said",
          "The two governments agreed on one thing: the call lasted about forty minutes")],
    ),
    (
        "coordinated_cue_closing_the_reported_clause",
        "Latvian Foreign Minister Ilze Berzina says the border will stay open and says she "
        "has asked Minsk to withdraw its troops.",
        [("Ilze Berzina", "Latvia", "says", "the border will stay open"),
         ("Ilze Berzina", "Latvia", "says", "she has asked Minsk to withdraw its troops")],
    ),
    # ------------------------------------------------------------------ 2. direct quotes
    (
        "direct_speaker_first_colon",
        'Georgian Prime Minister Levan Beridze said: "We will not open a second front '
        'for anyone."',
        [("Levan Beridze", "Georgia", "said", "We will not open a second front for anyone")],
    ),
    (
        "direct_quote_first_name_said",
        '"The drones were launched from occupied territory," Ukrainian air force '
        "spokesman Bohdan Kravets said.",
        [("Bohdan Kravets", "Ukraine", "said",
          "The drones were launched from occupied territory")],
    ),
    (
        "direct_quote_first_said_name",
        '"Our patience is not unlimited," said Czech Foreign Minister Tomas Novotny.',
        [("Tomas Novotny", "Czech Republic", "said", "Our patience is not unlimited")],
    ),
    (
        "direct_curly_quotes_body",
        "\u201cThere is no military solution to this conflict,\u201d the Turkish foreign "
        "ministry said.",
        [("Turkish foreign ministry", "Turkey", "said",
          "There is no military solution to this conflict")],
    ),
    (
        "direct_told_reporters_in_city",
        '"We will not pay for the gas in roubles," Slovak Economy Minister Juraj Kovac '
        "told reporters in Bratislava.",
        [("Juraj Kovac", "Slovakia", "told", "We will not pay for the gas in roubles")],
    ),
    (
        "direct_first_person_inside_quote",
        '"I have no doubt the attack was planned in Moscow," Estonian intelligence chief '
        "Margus Kask said.",
        [("Margus Kask", "Estonia", "said", "I have no doubt the attack was planned in Moscow")],
    ),
    (
        "direct_elysee_metonym",
        '"France will not recognise the annexation," the Elysee said.',
        [("Elysee", "France", "said", "France will not recognise the annexation")],
    ),
    (
        "direct_straight_open_curly_close",
        '"The ferry link to Helsinki will reopen in May,\u201d said Estonian Transport '
        'Minister Kadri Lepp. "Tickets go on sale next week."',
        [("Kadri Lepp", "Estonia", "said", "The ferry link to Helsinki will reopen in May")],
    ),
    (
        "direct_quoted_noun_is_not_the_subject",
        "Estonian Finance Minister Mart Raud met the unions on Monday. "
        '"My apologies, I am sorry," Raud said after the meeting.',
        [("Mart Raud", "Estonia", "said", "My apologies, I am sorry")],
    ),
    (
        "direct_curly_open_straight_close",
        '\u201cThe ferry link to Helsinki will reopen in May," said Estonian Transport '
        "Minister Kadri Lepp. \u201cTickets go on sale next week.\u201d",
        [("Kadri Lepp", "Estonia", "said", "The ferry link to Helsinki will reopen in May")],
    ),
    (
        "direct_short_quotation",
        '"Really?" asked Latvian Foreign Minister Ilze Berzina.',
        [("Ilze Berzina", "Latvia", "asked", "Really?")],
    ),
    # ------------------------------------------------------------------ 3. multi-sentence
    (
        "multi_sentence_quote_body",
        '"The bridge was hit twice. Traffic will not resume before Sunday," the Russian '
        "transport ministry said.",
        [("Russian transport ministry", "Russia", "said",
          "The bridge was hit twice. Traffic will not resume before Sunday")],
    ),
    (
        "multi_sentence_quote_said_name",
        '"We counted more than 60 missiles. Most of them were shot down," said Ukrainian '
        "air force commander Serhiy Bondar.",
        [("Serhiy Bondar", "Ukraine", "said",
          "We counted more than 60 missiles. Most of them were shot down")],
    ),
    (
        "quoted_paragraph_after_colon",
        "Swedish Prime Minister Lars Ekberg said on Monday:\n\n"
        '"The cable was cut deliberately. We will find out who did it."',
        [("Lars Ekberg", "Sweden", "said",
          "The cable was cut deliberately. We will find out who did it")],
    ),
    (
        "quoted_paragraph_after_colon_curly",
        "The Danish foreign ministry said in a statement on Friday:\n\n"
        "\u201cThe survey ship entered Danish waters without permission. "
        "Its captain ignored repeated warnings.\u201d",
        [("Danish foreign ministry", "Denmark", "said",
          "The survey ship entered Danish waters without permission. "
          "Its captain ignored repeated warnings")],
    ),
    # ------------------------------------------------------------------ 4. according to
    (
        "according_to_readout_end",
        "Russian air defences destroyed 27 Ukrainian drones over the Belgorod region, "
        "according to a readout from the Russian defence ministry.",
        [("Russian defence ministry", "Russia", "according to",
          "Russian air defences destroyed 27 Ukrainian drones over the Belgorod region")],
    ),
    (
        "according_to_after_a_dateline",
        "VILNIUS — Lithuanian border guards turned back 40 people at the Medininkai "
        "crossing overnight, according to a statement from the Lithuanian interior "
        "ministry.",
        [("Lithuanian interior ministry", "Lithuania", "according to",
          "Lithuanian border guards turned back 40 people at the Medininkai crossing "
          "overnight")],
    ),
    (
        "according_to_mid_sentence_leaves_the_phrase_out",
        "The meeting was requested by Tallinn, according to a readout from the Estonian "
        "foreign ministry, and lasted two hours.",
        [("Estonian foreign ministry", "Estonia", "according to",
          "The meeting was requested by Tallinn")],
    ),
    (
        "according_to_start",
        "According to the Lithuanian border guard, more than 300 people tried to cross "
        "from Belarus on Sunday.",
        [("Lithuanian border guard", "Lithuania", "According to",
          "more than 300 people tried to cross from Belarus on Sunday")],
    ),
    (
        "according_to_person_apposition",
        "According to Marta Kowalczyk, a spokeswoman for Poland's border guard, the fence "
        "was damaged in three places.",
        [("Marta Kowalczyk", "Poland", "According to",
          "the fence was damaged in three places")],
    ),
    (
        "sure_cue_without_a_frame_takes_the_rest_of_its_clause",
        "Estonian Prime Minister Kristjan Tamm responded by pointing to the falling number "
        "of border crossings.",
        [("Kristjan Tamm", "Estonia", "responded",
          "by pointing to the falling number of border crossings")],
    ),
    (
        "according_to_start_parsed_as_root",
        "According to veteran radio host Ana Ruiz, the harbour plan reeks of panic and "
        "haste.",
        [("Ana Ruiz", None, "According to", "the harbour plan reeks of panic and haste")],
    ),
    (
        "according_to_source_parsed_as_a_clause",
        "The envoy walked out of the talks twice, according to show insiders.",
        [("show insiders", None, "according to",
          "The envoy walked out of the talks twice")],
    ),
    (
        "according_to_statement_from_elysee",
        "The talks ended without agreement, according to a statement from the Elysee.",
        [("Elysee", "France", "according to", "The talks ended without agreement")],
    ),
    (
        "said_in_a_statement_that",
        "The Norwegian foreign ministry said in a statement that the Russian diplomats "
        "had 72 hours to leave the country.",
        [("Norwegian foreign ministry", "Norway", "said",
          "the Russian diplomats had 72 hours to leave the country")],
    ),
    (
        "in_a_statement_fronted",
        "In a statement, the White House said the sanctions would take effect immediately.",
        [("White House", "United States", "said",
          "the sanctions would take effect immediately")],
    ),
    # ------------------------------------------------------------------ 5. reported as
    (
        "ministry_reported_him_as_saying",
        "Belarusian Defence Minister Viktor Lavrenko met his Chinese counterpart in Minsk "
        "on Friday.\n\n"
        "Lavrenko's ministry had reported him as saying that the joint drills were not "
        "aimed at any neighbour.",
        [("Viktor Lavrenko", "Belarus", "reported him as saying",
          "the joint drills were not aimed at any neighbour")],
    ),
    (
        "ministry_reported_him_as_saying_after_another_speaker",
        "Polish President Adam Wrona criticised the tone of the call between Polish "
        "Defence Minister Marek Zielinski and his Belarusian counterpart.\n\n"
        "Zielinski's ministry had reported him as saying Warsaw was ready to share radar "
        "data.",
        [("Adam Wrona", "Poland", "criticised",
          "the tone of the call between Polish Defence Minister Marek Zielinski and his "
          "Belarusian counterpart"),
         ("Marek Zielinski", "Poland", "reported him as saying",
          "Warsaw was ready to share radar data")],
    ),
    (
        "agency_reported_him_as_saying",
        "Russian Deputy Foreign Minister Gennady Sorokin spoke to state media on "
        "Wednesday.\n\n"
        "The TASS agency reported him as saying that Moscow saw no point in new talks.",
        [("Gennady Sorokin", "Russia", "reported him as saying",
          "Moscow saw no point in new talks")],
    ),
    (
        "passive_reported_by",
        "It was reported by the Ukrainian navy that two Russian landing ships had been "
        "damaged in the strike.",
        [("Ukrainian navy", "Ukraine", "was reported",
          "two Russian landing ships had been damaged in the strike")],
    ),
    # ------------------------------------------------------------------ 6. mixed quotes
    (
        "quote_before_coordinated_verb_with_object",
        "Estonian Prime Minister Kristjan Tamm has repeatedly decried the blockade as "
        '"economic warfare" and praised the crews who kept the port open.',
        [("Kristjan Tamm", "Estonia", "has repeatedly decried",
          'the blockade as "economic warfare"'),
         ("Kristjan Tamm", "Estonia", "praised", "the crews who kept the port open")],
    ),
    (
        "quote_inside_the_subject_is_not_the_content",
        'The "Open Sea" campaign group thanked the Estonian navy for "keeping the sea '
        'lanes open."',
        [("Open Sea campaign group", None, "thanked",
          'the Estonian navy for "keeping the sea lanes open."')],
    ),
    (
        "mixed_quote_ends_sentence_next_verb_has_object",
        "Estonian Prime Minister Kristjan Tamm said the harbour has \u201cserved the country "
        "well.\u201d He touted its new ferry terminal in a speech on Monday.",
        [("Kristjan Tamm", "Estonia", "said",
          "the harbour has \u201cserved the country well.\u201d"),
         ("Kristjan Tamm", "Estonia", "touted", "its new ferry terminal")],
    ),
    (
        "mixed_called_twice_in_a_row",
        "Latvian Foreign Minister Ilze Berzina called the vote \u201ca farce.\u201d "
        "Lithuanian Foreign Minister Ruta Vaitkute called the result \u201cdeeply "
        "troubling.\u201d",
        [("Ilze Berzina", "Latvia", "called", "the vote \u201ca farce.\u201d"),
         ("Ruta Vaitkute", "Lithuania", "called",
          "the result \u201cdeeply troubling.\u201d")],
    ),
    (
        "mixed_partial_quote_mid",
        "Norwegian Foreign Minister Ingrid Solheim said Oslo would not \"sit on its "
        "hands\" while its pipelines were threatened.",
        [("Ingrid Solheim", "Norway", "said",
          'Oslo would not "sit on its hands" while its pipelines were threatened')],
    ),
    (
        "mixed_partial_quote_at_end",
        'The Turkish foreign ministry said Ankara was ready to fight "terrorism in all '
        'its forms".',
        [("Turkish foreign ministry", "Turkey", "said",
          'Ankara was ready to fight "terrorism in all its forms"')],
    ),
    (
        "mixed_scare_word",
        'The Kremlin said the new sanctions were "illegal" and would hurt European '
        "consumers.",
        [("Kremlin", "Russia", "said",
          'the new sanctions were "illegal" and would hurt European consumers')],
    ),
    (
        "mixed_curly_washington",
        "Washington warned that the deployment would be a \u201cserious escalation\u201d.",
        [("Washington", "United States", "warned",
          "the deployment would be a \u201cserious escalation\u201d")],
    ),
    (
        "mixed_kremlin_spokesman_titled",
        'Kremlin spokesman Yuri Galkin told reporters that Moscow had "no intention" of '
        "returning the seized ships.",
        [("Yuri Galkin", "Russia", "told",
          'Moscow had "no intention" of returning the seized ships')],
    ),
    # ------------------------------------------------------------------ 7. resolution
    (
        "the_minister_after_a_titled_mention_that_was_not_a_speaker",
        "Latvian Defence Minister Ilze Ozola inspected the new radar near Daugavpils on "
        "Monday.\n\n"
        "\"The eastern border is now watched day and night,\" Ozola said.\n\n"
        "The minister added that two more radars would follow next year.",
        [("Ilze Ozola", "Latvia", "said", "The eastern border is now watched day and night"),
         ("Ilze Ozola", "Latvia", "added", "two more radars would follow next year")],
    ),
    (
        "the_ministry_after_according_to_a_readout",
        "Moscow had sent two envoys, according to a readout from the Russian foreign "
        "ministry.\n\n"
        "The talks lasted three hours, the ministry said.",
        [("Russian foreign ministry", "Russia", "according to",
          "Moscow had sent two envoys"),
         ("Russian foreign ministry", "Russia", "said", "The talks lasted three hours")],
    ),
    (
        "pronoun_he_previous_speaker",
        "Estonian Prime Minister Kristjan Tamm said Narva would get new air-raid "
        "shelters.\n\n"
        "He said the work would be finished by the end of the year.",
        [("Kristjan Tamm", "Estonia", "said", "Narva would get new air-raid shelters"),
         ("Kristjan Tamm", "Estonia", "said",
          "the work would be finished by the end of the year")],
    ),
    (
        "pronoun_she_direct_after_apposition",
        "Agnieszka Wrobel, Poland's deputy foreign minister, said the Baltic was "
        '"not a Russian lake".\n\n'
        '"We will patrol it every single day," she told reporters.',
        [("Agnieszka Wrobel", "Poland", "said", 'the Baltic was "not a Russian lake"'),
         ("Agnieszka Wrobel", "Poland", "told", "We will patrol it every single day")],
    ),
    (
        "pronoun_most_recent_of_two",
        "Russian Deputy Foreign Minister Gennady Sorokin said Moscow was open to a "
        "prisoner exchange.\n\n"
        "Ukrainian negotiator Mykola Shevchuk said Kyiv had not received any proposal. "
        "He said the offer was propaganda.",
        [("Gennady Sorokin", "Russia", "said", "Moscow was open to a prisoner exchange"),
         ("Mykola Shevchuk", "Ukraine", "said", "Kyiv had not received any proposal"),
         ("Mykola Shevchuk", "Ukraine", "said", "the offer was propaganda")],
    ),
    (
        "pronoun_she_after_two_speakers",
        "Polish Foreign Minister Piotr Sadowski said the embassy in Minsk would stay "
        "open.\n\n"
        "His German counterpart, Katrin Vogel, said Berlin was weighing the same step. "
        "She added that no decision had been taken.",
        [("Piotr Sadowski", "Poland", "said", "the embassy in Minsk would stay open"),
         ("Katrin Vogel", "Germany", "said", "Berlin was weighing the same step"),
         ("Katrin Vogel", "Germany", "added", "no decision had been taken")],
    ),
    (
        "pronoun_never_resolves_to_a_name_after_it",
        "The delegation left the summit a day early.\n\n"
        "He told reporters that the talks with Oksana Melnyk had gone nowhere.",
        [("He", None, "told", "the talks with Oksana Melnyk had gone nowhere")],
    ),
    (
        "short_name_direct_told",
        "Ukrainian Foreign Minister Oksana Melnyk arrived in Brussels on Tuesday.\n\n"
        '"We are ready to talk, but not under fire," Melnyk told the BBC.',
        [("Oksana Melnyk", "Ukraine", "told", "We are ready to talk, but not under fire")],
    ),
    (
        "short_name_carries_title_party",
        "Polish Defence Minister Marek Zielinski said the army would hold exercises near "
        "the border.\n\n"
        "The drills would involve 10,000 troops, Zielinski said.",
        [("Marek Zielinski", "Poland", "said", "the army would hold exercises near the border"),
         ("Marek Zielinski", "Poland", "said", "The drills would involve 10,000 troops")],
    ),
    (
        "the_minister_after_apposition",
        "Solveig Haugen, Norway's fisheries minister, said talks with Moscow on fishing "
        "quotas had collapsed.\n\n"
        "The minister said Oslo would now set the quotas on its own.",
        [("Solveig Haugen", "Norway", "said",
          "talks with Moscow on fishing quotas had collapsed"),
         ("Solveig Haugen", "Norway", "said", "Oslo would now set the quotas on its own")],
    ),
    # ------------------------------------------------------------------ 8. parties
    (
        "metonym_moscow",
        "Moscow said the drone incident was a provocation staged by Kyiv.",
        [("Moscow", "Russia", "said", "the drone incident was a provocation staged by Kyiv")],
    ),
    (
        "metonym_paris",
        "Paris said it would summon the Iranian ambassador over the detention of two "
        "French citizens.",
        [("Paris", "France", "said",
          "it would summon the Iranian ambassador over the detention of two French citizens")],
    ),
    (
        "metonym_warsaw",
        "Warsaw warned that it could close the last open crossing with Belarus.",
        [("Warsaw", "Poland", "warned", "it could close the last open crossing with Belarus")],
    ),
    (
        "metonym_white_house",
        "The White House said the president had no plans to meet his Russian counterpart.",
        [("White House", "United States", "said",
          "the president had no plans to meet his Russian counterpart")],
    ),
    (
        "possessive_country_role",
        "Germany's economy minister said the country could get through the winter without "
        "Russian gas.",
        [("Germany's economy minister", "Germany", "said",
          "the country could get through the winter without Russian gas")],
    ),
    (
        "nationality_adjective_officials",
        "Russian officials said the grain deal would not be renewed.",
        [("Russian officials", "Russia", "said", "the grain deal would not be renewed")],
    ),
    (
        "apposition_spokesman_for_country",
        "Emre Aydin, a spokesman for Turkey's foreign ministry, said Ankara would host the "
        "next round of talks.",
        [("Emre Aydin", "Turkey", "said", "Ankara would host the next round of talks")],
    ),
    (
        "no_party_for_independent_analyst",
        "Independent analyst Mark Hollis said the offensive had stalled for lack of "
        "artillery shells.",
        [("Mark Hollis", None, "said", "the offensive had stalled for lack of artillery shells")],
    ),
    (
        "no_party_for_where_analysts_sit",
        "Analysts in Oslo said the row over the pipeline could drag on for months.",
        [("Analysts in Oslo", None, "said",
          "the row over the pipeline could drag on for months")],
    ),
    (
        "officials_take_the_party_of_their_city",
        "Officials in Vilnius said the border fence would be finished by the spring.",
        [("Officials in Vilnius", "Lithuania", "said",
          "the border fence would be finished by the spring")],
    ),
    # ------------------------------------------------------------------ 10. ledes
    (
        "lede_role_then_named_speaker",
        "Poland's interior minister said Tuesday it was no longer in Warsaw's \"interest\" "
        "to keep the Kuznica crossing open.\n\n"
        '"Keeping it open now would only invite more provocations," Tomasz Wierzbicki '
        "told reporters.",
        [("Tomasz Wierzbicki", "Poland", "said",
          "it was no longer in Warsaw's \"interest\" to keep the Kuznica crossing open"),
         ("Tomasz Wierzbicki", "Poland", "told",
          "Keeping it open now would only invite more provocations")],
    ),
    (
        "lede_adjective_role_then_named_speaker",
        "The Lithuanian foreign minister said on Thursday that Vilnius would expel three "
        "Belarusian diplomats.\n\n"
        "Darius Petrauskas said the diplomats had engaged in \"activities incompatible "
        'with their status".',
        [("Darius Petrauskas", "Lithuania", "said",
          "Vilnius would expel three Belarusian diplomats"),
         ("Darius Petrauskas", "Lithuania", "said",
          'the diplomats had engaged in "activities incompatible with their status"')],
    ),
    (
        "lede_role_named_later_is_the_minister_after",
        "Latvia's foreign minister said on Monday that talks with Moscow were pointless."
        "\n\n"
        '"There is nothing left to discuss with them," Ilze Ozola told Latvian radio.\n\n'
        "The minister added that the embassy in Riga would stay closed.",
        [("Ilze Ozola", "Latvia", "said", "talks with Moscow were pointless"),
         ("Ilze Ozola", "Latvia", "told", "There is nothing left to discuss with them"),
         ("Ilze Ozola", "Latvia", "added", "the embassy in Riga would stay closed")],
    ),
    (
        "lede_role_not_given_to_a_described_name",
        "Poland's interior minister said on Tuesday that the Kuznica crossing would "
        "close.\n\n"
        "Anna Kowal, who heads the border guard, said the guards were ready.",
        [("Poland's interior minister", "Poland", "said", "the Kuznica crossing would close"),
         ("Anna Kowal", "Poland", "said", "the guards were ready")],
    ),
    # ------------------------------------------------------------------ 8b. more frames
    (
        "endorsed_one_name",
        "Estonian Prime Minister Kaja Rebane endorsed Tamm on Tuesday.",
        [("Kaja Rebane", "Estonia", "endorsed", "Tamm")],
    ),
    (
        "one_place_object_is_no_claim",
        "Finnish President Aino Virtanen angered Moscow last month with her remarks on the "
        "border.",
        [],
    ),
    (
        "spoke_out_day_about",
        "Polish President Jan Kowal spoke out Tuesday about the closure of the border "
        "crossing.",
        [("Jan Kowal", "Poland", "spoke out Tuesday about",
          "the closure of the border crossing")],
    ),
    (
        "went_on_to_say",
        "Latvian Foreign Minister Ilze Berzina went on to say that Riga would not reopen "
        "the consulate.",
        [("Ilze Berzina", "Latvia", "went on to say", "Riga would not reopen the consulate")],
    ),
    (
        "said_in_interview_then_quote",
        "Finnish Defence Minister Aino Virtanen said in an interview \"the eastern border "
        "will stay closed all winter.\"",
        [("Aino Virtanen", "Finland", "said",
          "the eastern border will stay closed all winter")],
    ),
    (
        "passive_subject_content_by_agent",
        "The plan to close the crossing was first reported by the Lithuanian interior "
        "ministry.",
        [("Lithuanian interior ministry", "Lithuania", "was first reported",
          "The plan to close the crossing")],
    ),
    (
        "statement_saying",
        "A statement from the Norwegian fisheries ministry saying the quota talks had "
        "collapsed was published on Friday.",
        [("Norwegian fisheries ministry", "Norway", "saying",
          "the quota talks had collapsed")],
    ),
    (
        "agreed_with_about",
        "The Danish foreign minister, Mette Holm, agreed with her Swedish counterpart "
        "about the need for new sanctions.",
        [("Mette Holm", "Denmark", "agreed with",
          "her Swedish counterpart about the need for new sanctions")],
    ),
    (
        "dash_byline_reader_quotes",
        "Readers wrote in.\n\n"
        "\u201cThe port deal is a disaster for the islands.\u201d \u2015 Ana Ruiz\n"
        "\u201cWe were never asked about any of it.\u201d\u2015 Tomas Vidal",
        [("Ana Ruiz", None, "\u2015", "The port deal is a disaster for the islands"),
         ("Tomas Vidal", None, "\u2015", "We were never asked about any of it")],
    ),
    (
        "dash_byline_quote_opened_by_a_closing_mark",
        "Readers wrote in.\n\n"
        "\u201dThe new ferry timetable ignores the night shift.\u201d \u2015 Ana Ruiz\n"
        "\u201cNobody on the island was consulted.\u201d\u2015 Tomas Vidal",
        [("Ana Ruiz", None, "\u2015", "The new ferry timetable ignores the night shift"),
         ("Tomas Vidal", None, "\u2015", "Nobody on the island was consulted")],
    ),
    (
        "mixed_period_inside_quote_then_signoff",
        'Croatian port officials said the ferry line was "safe for now."--Jana Novak.',
        [("Croatian port officials", "Croatia", "said",
          'the ferry line was "safe for now."')],
    ),
    (
        "transcript_turns_in_capitals",
        "Estonian Prime Minister Kaja Rebane spoke to the radio host Peeter Saar on "
        "Sunday.\n\n"
        "SAAR: Will the border crossing reopen before winter?\n\n"
        "REBANE: Not while the drones keep coming. We will decide in March.",
        [("Peeter Saar", None, ":", "Will the border crossing reopen before winter?"),
         ("Kaja Rebane", "Estonia", ":",
          "Not while the drones keep coming. We will decide in March")],
    ),
    (
        "headline_name_colon_claim",
        "Rebane: Border Crossing Will Stay Shut All Winter\n\n"
        "Estonian Prime Minister Kaja Rebane spoke on Sunday in Narva.",
        [("Kaja Rebane", "Estonia", ":", "Border Crossing Will Stay Shut All Winter")],
    ),
    (
        "title_case_headline_says",
        "Estonian Prime Minister Kaja Rebane Says Border Crossing Will Stay Shut All Winter"
        "\n\nThe minister spoke on Sunday in Narva.",
        [("Kaja Rebane", "Estonia", "Says", "Border Crossing Will Stay Shut All Winter")],
    ),
    (
        "title_case_headline_name_like_word",
        "British Prime Minister Helen May Says Talks With Brussels Will Resume In June\n\n"
        "The talks stalled in March.",
        [("Helen May", "United Kingdom", "Says", "Talks With Brussels Will Resume In June")],
    ),
    (
        "nothing_title_case_headline_without_cue",
        "Ferry Line To Reopen After Storm Damage Is Repaired\n\nThe ferry will run again in May.",
        [],
    ),
    (
        "nothing_capitals_headline_colon",
        "BOOM: Minister Fires Back At Critics In Fiery Speech\n\nThe speech lasted an hour.",
        [],
    ),
    (
        "nothing_passive_delivery",
        "The shipment of grain was delivered by the Polish army on Monday.",
        [],
    ),
    (
        "nothing_met_with",
        "The Czech delegation met with the Slovak negotiators in Bratislava.",
        [],
    ),
    # ------------------------------------------------------------------ 9. nothing
    (
        "nothing_offered_a_different_account",
        "The Slovak foreign ministry offered a very different account.",
        [],
    ),
    (
        "nothing_narration",
        "The attack killed 140 people and wounded dozens more.",
        [],
    ),
    (
        "nothing_first_person_opinion",
        "I think this is wrong and the minister should resign.",
        [],
    ),
    (
        "nothing_we_said_outside_quote",
        "We said from the start that the deal would fail.",
        [],
    ),
    (
        "nothing_lexicon_verb_the_classifier_rules_out_encourages",
        "It is a culture of secrecy that encourages officials to hide their mistakes from "
        "the auditors.",
        [],
    ),
    (
        "nothing_lexicon_verb_the_classifier_rules_out_understand",
        "The new museum helps visitors understand how the harbour was built in the last "
        "century.",
        [],
    ),
    (
        "nothing_said_nothing",
        "Kristjan Tamm was asked about the leak.\n\nHe said nothing.",
        [],
    ),
    (
        "nothing_quote_without_speaker",
        '"We are not afraid of anyone."',
        [],
    ),
    (
        "nothing_read_more_line",
        "Read more: Kremlin says the grain deal is dead and will not be revived",
        [],
    ),
    (
        "nothing_newsletter_line",
        "Sign up for our Europe newsletter, which analysts say is essential reading.",
        [],
    ),
    (
        "nothing_correction_line",
        "To suggest a correction, email the desk; our editors said every message is read.",
        [],
    ),
    (
        "nothing_photo_caption",
        "Photo: Firefighters in Odesa, where officials said a missile had hit a grain "
        "terminal.",
        [],
    ),
    (
        "nothing_headline_fragment",
        "Russia-Ukraine war: list of key events, day 734",
        [],
    ),
    (
        "nothing_headline_live",
        "Live: Warsaw on alert as drones cross into Polish airspace",
        [],
    ),
    (
        "share_bar_around_claim",
        "Facebook Twitter Email WhatsApp\n\n"
        "The Danish navy said a Russian warship had entered its waters twice this week.\n\n"
        "Share this article",
        [("Danish navy", "Denmark", "said",
          "a Russian warship had entered its waters twice this week")],
    ),
    (
        "comments_block_after_article",
        "The Greek coastguard said 40 migrants had been rescued off Lesbos.\n\n"
        "Comments (3)\n\n"
        "nikos_77: The coastguard said the same thing last year and it was a lie.\n\n"
        "AthenaReader: I think the minister said the numbers were made up.\n\n"
        'guest: "They always lie," my neighbour Kostas Pappas said.',
        [("Greek coastguard", "Greece", "said", "40 migrants had been rescued off Lesbos")],
    ),
    (
        "furniture_mixed_into_article",
        "Read more: Vilnius says Minsk is behind the balloons\n\n"
        "Lithuanian Interior Minister Ruta Vaitkute said the airport would reopen on "
        "Monday.\n\n"
        "Photo: Ruta Vaitkute said the airport was safe. (Reuters)\n\n"
        "To suggest a correction or clarification, write to us here\n\n"
        "Sign up for our newsletter, which readers say is the best on the region",
        [("Ruta Vaitkute", "Lithuania", "said", "the airport would reopen on Monday")],
    ),
    # ----------------------------------------- 9. parties across the document
    (
        "joint_both_governments_one_claim_per_side",
        "Finnish and Estonian ministers met in Tallinn on Monday. Both governments said the "
        "ferry link would reopen in March.",
        [("Both governments", "Estonia", "said", "the ferry link would reopen in March"),
         ("Both governments", "Finland", "said", "the ferry link would reopen in March")],
    ),
    (
        "joint_coordinated_demonyms",
        "Georgian and Armenian officials agree that the bridge at Sadakhlo will reopen on "
        "Friday.",
        [("Georgian and Armenian officials", "Armenia", "agree",
          "the bridge at Sadakhlo will reopen on Friday"),
         ("Georgian and Armenian officials", "Georgia", "agree",
          "the bridge at Sadakhlo will reopen on Friday")],
    ),
    (
        "definite_description_names_earlier_body",
        "Latvia's State Revenue Service said on Tuesday that 40 lorries had been stopped. "
        "The service said the drivers had carried forged permits.",
        [("Latvia's State Revenue Service", "Latvia", "said", "40 lorries had been stopped"),
         ("Latvia's State Revenue Service", "Latvia", "said",
          "the drivers had carried forged permits")],
    ),
    (
        "apposition_spokesman_for_earlier_body",
        "Moldova's customs agency said queues at Palanca were growing. The Ukrainian "
        "government said its own checkpoint was open.\n\n"
        "Ion Rusu, a spokesman for the customs agency, said the queue had grown to nine "
        "kilometres.",
        [("Moldova's customs agency", "Moldova", "said", "queues at Palanca were growing"),
         ("Ukrainian government", "Ukraine", "said", "its own checkpoint was open"),
         ("Ion Rusu", "Moldova", "said", "the queue had grown to nine kilometres")],
    ),
    (
        "official_of_unnamed_body_takes_the_article_side",
        "Hungarian Foreign Minister Gabor Kiss said the pipeline was safe. Kiss said repairs "
        "would finish within a week. Andras Toth, a spokesman for the pipeline operator, "
        "said pressure had returned to normal.",
        [("Gabor Kiss", "Hungary", "said", "the pipeline was safe"),
         ("Gabor Kiss", "Hungary", "said", "repairs would finish within a week"),
         ("Andras Toth", "Hungary", "said", "pressure had returned to normal")],
    ),
    (
        "subject_inside_a_quote_is_not_the_side",
        '"If Belgrade wants the crossing reopened, it should stop the smuggling," Croatian '
        "Interior Minister Ana Horvat said.\n\n"
        "Lieutenant Marko Babic, a spokesman for the border police, said traffic at Bajakovo "
        "was flowing normally.",
        [("Ana Horvat", "Croatia", "said",
          "If Belgrade wants the crossing reopened, it should stop the smuggling"),
         ("Marko Babic", "Croatia", "said", "traffic at Bajakovo was flowing normally")],
    ),
    (
        "the_statement_said_is_the_body_that_issued_it",
        "Slovakia's interior ministry said in a statement that two officers had been "
        'injured. "The attackers fled across the river," the statement said.',
        [("Slovakia's interior ministry", "Slovakia", "said", "two officers had been injured"),
         ("Slovakia's interior ministry", "Slovakia", "said",
          "The attackers fled across the river")],
    ),
    (
        "sourceless_passive_expected_to",
        "Lithuanian farmers are expected to block the highway to Vilnius on Monday.",
        [(None, None, "are expected", "to block the highway to Vilnius on Monday")],
    ),
    (
        "sourceless_passive_accused_of_doing",
        "Two Latvian border guards were accused of taking bribes from smugglers.",
        [(None, None, "were accused of", "taking bribes from smugglers")],
    ),
    (
        "according_to_beats_the_verb_it_reports",
        "Estonian Defence Minister Hanno Kask intended to resign before the summit, "
        "according to two officials in Tallinn.",
        [("two officials in Tallinn", "Estonia", "according to",
          "Estonian Defence Minister Hanno Kask intended to resign before the summit")],
    ),
    (
        "seem_has_no_source",
        "Estonian voters seem to favour the plan to build new air-raid shelters in Narva.",
        [(None, None, "seem", "to favour the plan to build new air-raid shelters in Narva")],
    ),
    (
        "when_asked_the_one_asked_is_not_the_source",
        "When asked about the blockade, Estonian Prime Minister Kristjan Tamm insisted "
        "that the port was safe.",
        [(None, None, "asked about", "the blockade"),
         ("Kristjan Tamm", "Estonia", "insisted", "the port was safe")],
    ),
    (
        "statement_saying_cue_runs_from_the_issuing_verb",
        "Latvian Interior Minister Anna Berzina released a statement saying that the border "
        "would stay closed until Friday.",
        [("Anna Berzina", "Latvia", "released a statement saying",
          "the border would stay closed until Friday")],
    ),
    (
        "aspect_verb_cue_runs_to_the_action",
        "While saying that he respects the farmers, Kristjan Tamm continued to express "
        "doubts about their demands.",
        [("Kristjan Tamm", None, "saying", "he respects the farmers"),
         ("Kristjan Tamm", None, "continued to express", "doubts about their demands")],
    ),
    (
        "even_is_not_part_of_the_speaker",
        "Even Latvian officials said that the border would stay open through the winter.",
        [("Latvian officials", "Latvia", "said", "the border would stay open through the winter")],
    ),
    (
        "floating_both_is_not_part_of_the_speaker",
        "Tamm and Kask both said that the border would stay open through the winter.",
        [("Tamm and Kask", None, "said", "the border would stay open through the winter")],
    ),
    (
        "perfect_tense_in_a_subordinate_clause_keeps_its_speaker",
        "While Latvian Interior Minister Anna Berzina has said that the border would reopen "
        "in May, the guards are still waiting for orders.",
        [("Anna Berzina", "Latvia", "has said", "the border would reopen in May")],
    ),
]
# fmt: on

# The kind of each claim above, in the same order (cases that must give nothing omitted).
KINDS: dict[str, list[str]] = {
    "said_that_titled_person": ["indirect"],
    "no_party_for_where_analysts_sit": ["indirect"],
    "officials_take_the_party_of_their_city": ["indirect"],
    "said_bare_clause_body": ["indirect"],
    "said_on_day_that": ["indirect"],
    "told_object_that": ["indirect"],
    "other_speaker_coordinated_onto_the_reported_clause": ["indirect", "indirect"],
    "calling_for_an_infinitive_clause": ["indirect"],
    "made_clear_that": ["indirect"],
    "light_verb_object_belongs_to_the_cue": ["indirect"],
    "reply_verb_joins_its_saying": ["indirect"],
    "two_fronted_clauses_are_one_claim": ["indirect"],
    "as_clause_with_its_own_object_is_its_own_claim": ["indirect", "indirect"],
    "warned_that_kremlin": ["indirect"],
    "insisted_that": ["indirect"],
    "claimed_that_possessive_body": ["indirect"],
    "denied_that_metonym_minsk": ["indirect"],
    "accused_of": ["indirect"],
    "added_after_said_pronoun": ["indirect", "indirect"],
    "stressed_that": ["indirect"],
    "noted_that_body": ["indirect"],
    "argued_that": ["indirect"],
    "confirmed_that_pentagon": ["indirect"],
    "announced_that": ["indirect"],
    "has_said_perfect": ["indirect"],
    "said_adding_that": ["direct", "indirect"],
    "direct_speaker_first_colon": ["direct"],
    "direct_quote_first_name_said": ["direct"],
    "direct_quote_first_said_name": ["direct"],
    "direct_curly_quotes_body": ["direct"],
    "direct_told_reporters_in_city": ["direct"],
    "direct_first_person_inside_quote": ["direct"],
    "direct_elysee_metonym": ["direct"],
    "direct_straight_open_curly_close": ["direct"],
    "direct_curly_open_straight_close": ["direct"],
    "direct_quoted_noun_is_not_the_subject": ["direct"],
    "linking_preposition_after_verb_in_cue": ["direct"],
    "direct_short_quotation": ["direct"],
    "participle_cue_closing_the_reported_clause": ["indirect", "indirect"],
    "coordinated_cue_closing_the_reported_clause": ["indirect", "indirect"],
    "mixed_quote_ends_sentence_next_verb_has_object": ["mixed", "indirect"],
    "mixed_called_twice_in_a_row": ["mixed", "mixed"],
    "quote_before_coordinated_verb_with_object": ["mixed", "indirect"],
    "quote_inside_the_subject_is_not_the_content": ["mixed"],
    "multi_sentence_quote_body": ["direct"],
    "multi_sentence_quote_said_name": ["direct"],
    "quoted_paragraph_after_colon": ["direct"],
    "quoted_paragraph_after_colon_curly": ["direct"],
    "according_to_readout_end": ["according_to"],
    "according_to_start": ["according_to"],
    "according_to_source_parsed_as_a_clause": ["according_to"],
    "according_to_mid_sentence_leaves_the_phrase_out": ["according_to"],
    "according_to_after_a_dateline": ["according_to"],
    "the_minister_after_a_titled_mention_that_was_not_a_speaker": ["direct", "indirect"],
    "the_ministry_after_according_to_a_readout": ["according_to", "indirect"],
    "according_to_start_parsed_as_root": ["according_to"],
    "sure_cue_without_a_frame_takes_the_rest_of_its_clause": ["indirect"],
    "according_to_person_apposition": ["according_to"],
    "according_to_statement_from_elysee": ["according_to"],
    "said_in_a_statement_that": ["indirect"],
    "in_a_statement_fronted": ["indirect"],
    "ministry_reported_him_as_saying": ["indirect"],
    "ministry_reported_him_as_saying_after_another_speaker": ["indirect", "indirect"],
    "agency_reported_him_as_saying": ["indirect"],
    "passive_reported_by": ["indirect"],
    "mixed_partial_quote_mid": ["mixed"],
    "mixed_partial_quote_at_end": ["mixed"],
    "mixed_scare_word": ["mixed"],
    "mixed_curly_washington": ["mixed"],
    "mixed_kremlin_spokesman_titled": ["mixed"],
    "pronoun_he_previous_speaker": ["indirect", "indirect"],
    "pronoun_she_direct_after_apposition": ["mixed", "direct"],
    "pronoun_never_resolves_to_a_name_after_it": ["indirect"],
    "pronoun_most_recent_of_two": ["indirect", "indirect", "indirect"],
    "pronoun_she_after_two_speakers": ["indirect", "indirect", "indirect"],
    "short_name_direct_told": ["direct"],
    "short_name_carries_title_party": ["indirect", "indirect"],
    "the_minister_after_apposition": ["indirect", "indirect"],
    "metonym_moscow": ["indirect"],
    "metonym_paris": ["indirect"],
    "metonym_warsaw": ["indirect"],
    "metonym_white_house": ["indirect"],
    "possessive_country_role": ["indirect"],
    "nationality_adjective_officials": ["indirect"],
    "apposition_spokesman_for_country": ["indirect"],
    "no_party_for_independent_analyst": ["indirect"],
    "lede_role_then_named_speaker": ["mixed", "direct"],
    "lede_adjective_role_then_named_speaker": ["indirect", "mixed"],
    "lede_role_named_later_is_the_minister_after": ["indirect", "direct", "indirect"],
    "lede_role_not_given_to_a_described_name": ["indirect", "indirect"],
    "share_bar_around_claim": ["indirect"],
    "endorsed_one_name": ["indirect"],
    "spoke_out_day_about": ["indirect"],
    "went_on_to_say": ["indirect"],
    "said_in_interview_then_quote": ["direct"],
    "passive_subject_content_by_agent": ["indirect"],
    "statement_saying": ["indirect"],
    "agreed_with_about": ["indirect"],
    "dash_byline_reader_quotes": ["direct", "direct"],
    "dash_byline_quote_opened_by_a_closing_mark": ["direct", "direct"],
    "mixed_period_inside_quote_then_signoff": ["mixed"],
    "transcript_turns_in_capitals": ["direct", "direct"],
    "headline_name_colon_claim": ["direct"],
    "title_case_headline_says": ["indirect"],
    "title_case_headline_name_like_word": ["indirect"],
    "comments_block_after_article": ["indirect"],
    "furniture_mixed_into_article": ["indirect"],
    "joint_both_governments_one_claim_per_side": ["indirect", "indirect"],
    "joint_coordinated_demonyms": ["indirect", "indirect"],
    "definite_description_names_earlier_body": ["indirect", "indirect"],
    "apposition_spokesman_for_earlier_body": ["indirect", "indirect", "indirect"],
    "official_of_unnamed_body_takes_the_article_side": ["indirect", "indirect", "indirect"],
    "subject_inside_a_quote_is_not_the_side": ["direct", "indirect"],
    "the_statement_said_is_the_body_that_issued_it": ["indirect", "direct"],
    "sourceless_passive_expected_to": ["indirect"],
    "sourceless_passive_accused_of_doing": ["indirect"],
    "according_to_beats_the_verb_it_reports": ["according_to"],
    "seem_has_no_source": ["indirect"],
    "when_asked_the_one_asked_is_not_the_source": ["indirect", "indirect"],
    "statement_saying_cue_runs_from_the_issuing_verb": ["indirect"],
    "aspect_verb_cue_runs_to_the_action": ["indirect", "indirect"],
    "even_is_not_part_of_the_speaker": ["indirect"],
    "floating_both_is_not_part_of_the_speaker": ["indirect"],
    "perfect_tense_in_a_subordinate_clause_keeps_its_speaker": ["indirect"],
}

IDS = [case_id for case_id, _, _ in CASES]
_PRONOUNS = {"he", "she", "him", "her", "they", "them", "it"}
_ROLES = {"minister", "spokesman", "spokeswoman", "president", "ambassador"}
_DETERMINERS = ("the ", "a ", "an ", "his ", "her ", "its ", "their ")


@pytest.fixture(scope="module")
def table_extractor() -> Extractor:
    return Extractor(nlp=load_nlp())


_RESULTS: dict[str, list[Claim]] = {}


def _claims(extractor: Extractor, text: str) -> list[Claim]:
    """Claims of ``text`` in document order (extracted once per text)."""
    if text not in _RESULTS:
        result = extractor.extract(Document(text=text))
        _RESULTS[text] = sorted(result.claims, key=lambda c: (c.content.start, c.cue_span.start))
    return _RESULTS[text]


def _words(phrase: str) -> set[str]:
    out = set()
    for word in phrase.lower().split():
        out.add(word.removesuffix("'s").removesuffix("\u2019s").strip(",."))
    return out


def test_table_is_well_formed():
    assert len(CASES) >= 48
    assert len(set(IDS)) == len(IDS)
    for case_id, _, expected in CASES:
        if expected:
            assert len(KINDS[case_id]) == len(expected), case_id
        else:
            assert case_id not in KINDS, case_id


@pytest.mark.parametrize(("case_id", "text", "expected"), CASES, ids=IDS)
def test_extracted_claims(table_extractor, case_id, text, expected):
    claims = _claims(table_extractor, text)
    got = [(c.speaker, c.party, c.cue, c.text) for c in claims]
    assert got == expected


@pytest.mark.parametrize(("case_id", "text", "expected"), CASES, ids=IDS)
def test_claim_kinds(table_extractor, case_id, text, expected):
    claims = _claims(table_extractor, text)
    assert [c.kind for c in claims] == KINDS.get(case_id, [])


@pytest.mark.parametrize(("case_id", "text", "expected"), CASES, ids=IDS)
def test_offsets_slice_back(table_extractor, case_id, text, expected):
    for c in _claims(table_extractor, text):
        assert text[c.content.start : c.content.end] == c.text
        assert c.content.start < c.content.end
        assert text[c.cue_span.start : c.cue_span.end] == c.cue
        if c.speaker_span is None:
            continue
        mention = text[c.speaker_span.start : c.speaker_span.end]
        assert mention and mention == mention.strip(" \t\n,.;:\"'\u201c\u201d")
        # The mention is where the speaker is named in the text, never inside the content.
        assert not (
            c.speaker_span.start < c.content.end and c.content.start < c.speaker_span.end
        ), (mention, c.text)
        assert c.speaker is not None
        low = mention.lower()
        assert (
            low in _PRONOUNS
            or c.speaker.lower() in low
            or _words(mention) & _words(c.speaker)
            or low.startswith(_DETERMINERS)
            or low.split()[-1] in _ROLES  # the lede's "Poland's interior minister", named later
        ), (mention, c.speaker)


# Where the speaker is named (``speaker_span``), in document order: PolNeAR gives each
# token one role, so a relative clause that makes its own claim is not in the mention.
MENTIONS: list[tuple[str, str, list[str]]] = [
    (
        "relative_clause_with_its_own_claim",
        "Estonian Port Director Ana Ruiz, who said last week that the harbour was safe, "
        "added on Monday that the ferries would run again in March.",
        ["who", "Estonian Port Director Ana Ruiz"],
    ),
    (
        "describing_relative_clause_stays",
        "Estonian Port Director Ana Ruiz, who heads the Tallinn harbour, said on Monday "
        "that the ferries would run again in March.",
        ["Estonian Port Director Ana Ruiz, who heads the Tallinn harbour"],
    ),
]


@pytest.mark.parametrize(
    ("case_id", "text", "expected"), MENTIONS, ids=[case_id for case_id, _, _ in MENTIONS]
)
def test_speaker_mentions(table_extractor, case_id, text, expected):
    mentions = [
        text[c.speaker_span.start : c.speaker_span.end]
        for c in _claims(table_extractor, text)
        if c.speaker_span is not None
    ]
    assert mentions == expected


# Cue spans as written, in document order (PolNeAR's cue boundaries).
CUE_SPANS: list[tuple[str, str, list[str]]] = [
    (
        "when_is_not_part_of_the_cue",
        "When asked about the blockade, Estonian Prime Minister Kristjan Tamm insisted "
        "that the port was safe.",
        ["asked about", "insisted"],
    ),
    (
        "manner_adverb_after_the_verb_is_part_of_the_cue",
        "Estonian Prime Minister Kristjan Tamm said sarcastically that the bridge would "
        "certainly open on time.",
        ["said sarcastically"],
    ),
    (
        "manner_phrase_after_the_verb_is_part_of_the_cue",
        '"The ferries will run again in March," Ana Ruiz said with a grin.',
        ["said with a grin"],
    ),
]


@pytest.mark.parametrize(
    ("case_id", "text", "expected"), CUE_SPANS, ids=[case_id for case_id, _, _ in CUE_SPANS]
)
def test_cue_spans(table_extractor, case_id, text, expected):
    assert [c.cue for c in _claims(table_extractor, text)] == expected


def test_overlapping_verb_cues_keep_the_likelier_cue():
    """Two verb claims whose contents overlap: the cue the classifier is far surer of wins,
    even when its content is the longer one (before, the shorter content always won)."""
    from claims.extract import _drop_overlaps
    from claims.models import Span

    text = "x" * 120

    def claim(content: tuple[int, int], cue: tuple[int, int]) -> Claim:
        return Claim(
            text=text[content[0] : content[1]],
            content=Span(*content),
            speaker="Ana Ruiz",
            speaker_span=None,
            cue=text[cue[0] : cue[1]],
            cue_span=Span(*cue),
            kind="indirect",
        )

    said = claim((0, 60), (100, 104))
    liked = claim((30, 80), (90, 95))
    assert _drop_overlaps([said, liked], {id(said): 0.95, id(liked): 0.45}) == [said]
    assert _drop_overlaps([said, liked], {id(said): 0.5, id(liked): 0.45}) == [liked]
