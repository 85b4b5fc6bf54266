"""Hand-made named-entity annotations for some of the bundled sample articles.

This file is the source of ``tests/data/gold.jsonl``. The annotations were written by hand,
sentence by sentence, without looking at any model's output. Regenerate the JSON Lines file
after editing an article or an annotation with::

    .venv/bin/python tests/data/gold_source.py          # writes gold.jsonl
    .venv/bin/python tests/data/gold_source.py --check  # also lists possibly missed mentions

Each block below lists the mentions of one article in reading order, one per line, as
``surface | LABEL | entity-id``. Offsets are found by scanning forward from the end of the
previous mention for the next whole-word occurrence of the surface, so a block must follow
the text exactly. DATE and TIME lines may omit the entity id; it then defaults to a slug of
the surface (a normalised expression, not a real-world referent).

Conventions, using spaCy's OntoNotes labels (numbers are not annotated):

* PERSON spans exclude titles ("President", "Defense Minister", "first lady", "Councillor")
  and possessive endings; "Erdoğan", "Erdogan" and "Recep Tayyip Erdoğan" share one id,
  "Emine Erdoğan" has her own.
* No leading "the" and no trailing punctuation. A possessive that is part of a name stays
  ("Europe’s Spaceport").
* GPE: countries, cities, towns, districts and provinces (including city neighbourhoods such
  as Eastbank, and Nagorno-Karabakh/Karabakh, which share an id). Capitals used for their
  governments ("Moscow said") are still GPE. "Khankendi" and "Stepanakert" share an id.
* LOC: regions, seas, rivers, lakes, plateaus, continents, the Earth; also gas fields.
* FAC: pipelines, the Lachin corridor, airports, railways, streets, squares, buildings.
* ORG: governments' agencies, companies, parties, institutes, councils, the EU.
* NORP: nationality and group adjectives and nouns, also inside hyphenated words
  ("Russian-brokered") and before titles ("Turkish President").
* LAW: treaties and declarations (the Shusha Declaration). PRODUCT: satellites, rockets,
  telescopes. EVENT: named festivals and the Big Bang. LANGUAGE: a language named as such.
* DATE/TIME: the temporal expression without approximators such as "about", "almost",
  "nearly" or "more than" ("three decades", "last year", "late January", "2 a.m.").
  Vague times of day ("the night", "dawn") and rates ("a year" in "10 bcm a year") are
  not annotated.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("gold.jsonl")

LABELS = frozenset(
    {
        "PERSON",
        "NORP",
        "FAC",
        "ORG",
        "GPE",
        "LOC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "DATE",
        "TIME",
    }
)

# (id, source file, layout, annotations). Layouts: "plain" (the whole file is the body),
# "headline" (a headline line, a blank line, then the body), "header" (a block of
# "Key: value" lines, a blank line, then the body), "frontmatter" (YAML front matter).
DOCS: list[tuple[str, str, str, str]] = [
    (
        "erdogan-baku",
        "sample_articles/caucasus/erdogan-arrives-in-baku.txt",
        "plain",
        """
        Turkish | NORP | turkish
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Baku | GPE | baku
        Monday | DATE
        Azerbaijani | NORP | azerbaijani
        Ilham Aliyev | PERSON | ilham-aliyev
        Shusha | GPE | shusha
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Azerbaijan | GPE | azerbaijan
        last autumn | DATE
        Azerbaijan | GPE | azerbaijan
        Turkish | NORP | turkish
        Yaqub Eyyubov | PERSON | yaqub-eyyubov
        Halef Halefov | PERSON | halef-halefov
        Khazar Ibrahim | PERSON | khazar-ibrahim
        Azerbaijan | GPE | azerbaijan
        Ankara | GPE | ankara
        Cahit Bağcı | PERSON | cahit-bagci
        Turkey | GPE | turkey
        Baku | GPE | baku
        Erdoğan | PERSON | recep-tayyip-erdogan
        Emine Erdoğan | PERSON | emine-erdogan
        Hulusi Akar | PERSON | hulusi-akar
        İbrahim Kalın | PERSON | ibrahim-kalin
        Fahrettin Altun | PERSON | fahrettin-altun
        Ömer Çelik | PERSON | omer-celik
        Justice and Development Party | ORG | akp
        AK Party | ORG | akp
        Osman Aşkın Bak | PERSON | osman-askin-bak
        Turkey | GPE | turkey
        NATO Parliamentary Assembly | ORG | nato-parliamentary-assembly
        Tuesday | DATE
        Aliyev | PERSON | ilham-aliyev
        Erdoğan | PERSON | recep-tayyip-erdogan
        Shusha | GPE | shusha
        Azerbaijani | NORP | azerbaijani
        November 2020 | DATE
        Armenian | NORP | armenian
        May 8, 1992 | DATE
        28 years | DATE
        Shusha | GPE | shusha
        Khankendi | GPE | khankendi
        Stepanakert | GPE | khankendi
        Armenia | GPE | armenia
        Azerbaijanis | NORP | azerbaijani
        Azerbaijan | GPE | azerbaijan
        six-week | DATE
        autumn of 2020 | DATE
        November | DATE
        Russia | GPE | russia
        Armenia | GPE | armenia
        Azerbaijan | GPE | azerbaijan
        Erdoğan | PERSON | recep-tayyip-erdogan
        Aliyev | PERSON | ilham-aliyev
        Ankara | GPE | ankara
        Baku | GPE | baku
        Selin Aydemir | PERSON | selin-aydemir
        Anatolian Foreign Policy Centre | ORG | anatolian-foreign-policy-centre
        Shusha | GPE | shusha
        """,
    ),
    (
        "truce-karabakh",
        "sample_articles/caucasus/truce-ends-karabakh-war.txt",
        "headline",
        """
        Azerbaijan | GPE | azerbaijan
        Armenia | GPE | armenia
        Russia | GPE | russia
        Tuesday | DATE
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Russian | NORP | russian
        midnight | TIME
        Moscow | GPE | moscow
        Azerbaijan | GPE | azerbaijan
        44-day | DATE
        Shusha | GPE | shusha
        Armenia | GPE | armenia
        Aghdam | GPE | aghdam
        Kalbajar | GPE | kalbajar
        Lachin | GPE | lachin
        coming weeks | DATE
        Russian | NORP | russian
        Lachin corridor | FAC | lachin-corridor
        Khankendi | GPE | khankendi
        Stepanakert | GPE | khankendi
        Armenia | GPE | armenia
        five years | DATE
        Ilham Aliyev | PERSON | ilham-aliyev
        Baku | GPE | baku
        Yerevan | GPE | yerevan
        Nikol Pashinyan | PERSON | nikol-pashinyan
        Moscow | GPE | moscow
        Vladimir Putin | PERSON | vladimir-putin
        Russian | NORP | russian
        hours | TIME
        Yerevan | GPE | yerevan
        Pashinyan | PERSON | nikol-pashinyan
        Baku | GPE | baku
        Azerbaijani | NORP | azerbaijani
        Turkish | NORP | turkish
        Turkey | GPE | turkey
        Azerbaijan | GPE | azerbaijan
        Mevlüt Çavuşoğlu | PERSON | mevlut-cavusoglu
        Baku | GPE | baku
        September 27 | DATE
        three decades | DATE
        OSCE Minsk Group | ORG | osce-minsk-group
        France | GPE | france
        Russia | GPE | russia
        United States | GPE | united-states
        Minsk Group | ORG | osce-minsk-group
        Moscow | GPE | moscow
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Tbilisi | GPE | tbilisi
        Russia | GPE | russia
        """,
    ),
    (
        "peacekeepers-lachin",
        "sample_articles/caucasus/peacekeepers-take-up-positions.md",
        "frontmatter",
        """
        Russian | NORP | russian
        Nagorno-Karabakh | GPE | nagorno-karabakh
        this week | DATE
        Lachin corridor | FAC | lachin-corridor
        Ilham Aliyev | PERSON | ilham-aliyev
        Nikol Pashinyan | PERSON | nikol-pashinyan
        Vladimir Putin | PERSON | vladimir-putin
        Tuesday | DATE
        Russian Defence Ministry | ORG | russian-defence-ministry
        Ulyanovsk | GPE | ulyanovsk
        Armenia | GPE | armenia
        Rustam Muradov | PERSON | rustam-muradov
        Goris | GPE | goris
        Armenia | GPE | armenia
        Khankendi | GPE | khankendi
        Stepanakert | GPE | khankendi
        Armenia | GPE | armenia
        Armenian | NORP | armenian
        next month | DATE
        Khankendi | GPE | khankendi
        Ankara | GPE | ankara
        Turkey | GPE | turkey
        Hulusi Akar | PERSON | hulusi-akar
        Friday | DATE
        Turkish | NORP | turkish
        Russian | NORP | russian
        Azerbaijan | GPE | azerbaijan
        Moscow | GPE | moscow
        Russian | NORP | russian
        Karabakh | GPE | nagorno-karabakh
        Moscow | GPE | moscow
        Azerbaijan | GPE | azerbaijan
        1990s | DATE
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        South Caucasus | LOC | south-caucasus
        OSCE Minsk Group | ORG | osce-minsk-group
        """,
    ),
    (
        "shusha-declaration",
        "sample_articles/caucasus/shusha-declaration-signed.txt",
        "header",
        """
        Turkey | GPE | turkey
        Azerbaijan | GPE | azerbaijan
        Shusha | GPE | shusha
        Tuesday | DATE
        last year | DATE
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Ilham Aliyev | PERSON | ilham-aliyev
        Shusha Declaration on Allied Relations | LAW | shusha-declaration
        Azerbaijan | GPE | azerbaijan
        November 2020 | DATE
        Ankara | GPE | ankara
        Baku | GPE | baku
        Azerbaijan | GPE | azerbaijan
        Nakhchivan | GPE | nakhchivan
        Armenian | NORP | armenian
        Aliyev | PERSON | ilham-aliyev
        Erdoğan | PERSON | recep-tayyip-erdogan
        Turkey | GPE | turkey
        Shusha | GPE | shusha
        Azerbaijan | GPE | azerbaijan
        Hulusi Akar | PERSON | hulusi-akar
        Erdoğan | PERSON | recep-tayyip-erdogan
        Azerbaijani | NORP | azerbaijani
        Mevlüt Çavuşoğlu | PERSON | mevlut-cavusoglu
        Jeyhun Bayramov | PERSON | jeyhun-bayramov
        Armenia | GPE | armenia
        Moscow | GPE | moscow
        Armenian | NORP | armenian
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Erdoğan | PERSON | recep-tayyip-erdogan
        Emine Erdoğan | PERSON | emine-erdogan
        Aliyev | PERSON | ilham-aliyev
        Mehriban Aliyeva | PERSON | mehriban-aliyeva
        Yukhari Govhar Agha Mosque | FAC | yukhari-govhar-agha-mosque
        Jidir Duzu | LOC | jidir-duzu
        Shusha | GPE | shusha
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Yerevan | GPE | yerevan
        Moscow | GPE | moscow
        Ankara | GPE | ankara
        Karabakh | GPE | nagorno-karabakh
        """,
    ),
    (
        "shusha-cultural-capital",
        "sample_articles/caucasus/shusha-named-cultural-capital.md",
        "frontmatter",
        """
        Ilham Aliyev | PERSON | ilham-aliyev
        Friday | DATE
        Shusha | GPE | shusha
        Azerbaijan | GPE | azerbaijan
        six months | DATE
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Azerbaijani | NORP | azerbaijani
        Shusha | GPE | shusha
        Soviet | NORP | soviet
        Kharibulbul music festival | EVENT | kharibulbul-festival
        Shusha | GPE | shusha
        three decades | DATE
        next week | DATE
        Jidir Duzu | LOC | jidir-duzu
        thirty years | DATE
        Tural Mirzazade | PERSON | tural-mirzazade
        Baku | GPE | baku
        Shusha | GPE | shusha
        Shusha | GPE | shusha
        Uzeyir Hajibeyov | PERSON | uzeyir-hajibeyov
        Bulbul | PERSON | bulbul
        Khurshidbanu Natavan | PERSON | khurshidbanu-natavan
        Azerbaijanis | NORP | azerbaijani
        Caucasus | LOC | caucasus
        Govhar Agha mosques | FAC | govhar-agha-mosques
        Mehmandarov estate | FAC | mehmandarov-estate
        Natavan house | FAC | natavan-house
        several years | DATE
        Yerevan | GPE | yerevan
        Armenia | GPE | armenia
        Azerbaijan | GPE | azerbaijan
        Armenian | NORP | armenian
        Ghazanchetsots Cathedral | FAC | ghazanchetsots-cathedral
        October | DATE
        Baku | GPE | baku
        UNESCO | ORG | unesco
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Shusha | GPE | shusha
        Baku | GPE | baku
        """,
    ),
    (
        "fuzuli-airport",
        "sample_articles/caucasus/fuzuli-airport-opens.txt",
        "headline",
        """
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Ilham Aliyev | PERSON | ilham-aliyev
        Fuzuli International Airport | FAC | fuzuli-international-airport
        Tuesday | DATE
        Azerbaijan | GPE | azerbaijan
        last year | DATE
        January | DATE
        eight months | DATE
        Baku | GPE | baku
        an hour | TIME
        Shusha | GPE | shusha
        Aliyev | PERSON | ilham-aliyev
        Azerbaijan | GPE | azerbaijan
        May | DATE
        Azerbaijan Airlines | ORG | azerbaijan-airlines
        September | DATE
        Aliyev | PERSON | ilham-aliyev
        Karabakh | GPE | nagorno-karabakh
        Turkish | NORP | turkish
        Erdoğan | PERSON | recep-tayyip-erdogan
        Turkey | GPE | turkey
        Armenia | GPE | armenia
        Azerbaijan | GPE | azerbaijan
        Nakhchivan | GPE | nakhchivan
        Turkey | GPE | turkey
        Armenia | GPE | armenia
        Yerevan | GPE | yerevan
        Zangilan | GPE | zangilan
        Iranian | NORP | iranian
        Horadiz-Aghband railway | FAC | horadiz-aghband-railway
        Yerevan | GPE | yerevan
        Nikol Pashinyan | PERSON | nikol-pashinyan
        Armenian | NORP | armenian
        Armenian | NORP | armenian
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Shusha Declaration | LAW | shusha-declaration
        June | DATE
        Erdoğan | PERSON | recep-tayyip-erdogan
        Aliyev | PERSON | ilham-aliyev
        Karabakh | GPE | nagorno-karabakh
        Moscow | GPE | moscow
        Erdoğan | PERSON | recep-tayyip-erdogan
        four months | DATE
        Shusha | GPE | shusha
        Emine Erdoğan | PERSON | emine-erdogan
        """,
    ),
    (
        "nato-pa-lisbon",
        "sample_articles/caucasus/nato-assembly-lisbon.txt",
        "plain",
        """
        Lisbon | GPE | lisbon
        Friday | DATE
        NATO Parliamentary Assembly | ORG | nato-parliamentary-assembly
        last year | DATE
        Nagorno-Karabakh | GPE | nagorno-karabakh
        four-day | DATE
        2020 | DATE
        Azerbaijan | GPE | azerbaijan
        Armenia | GPE | armenia
        Osman Aşkın Bak | PERSON | osman-askin-bak
        Turkey | GPE | turkey
        Ankara | GPE | ankara
        South Caucasus | LOC | south-caucasus
        Shusha Declaration | LAW | shusha-declaration
        June | DATE
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Ilham Aliyev | PERSON | ilham-aliyev
        Armenian | NORP | armenian
        Azerbaijan | GPE | azerbaijan
        Lake Sev | LOC | lake-sev
        Azerbaijani | NORP | azerbaijani
        Armenia | GPE | armenia
        May | DATE
        Azerbaijani | NORP | azerbaijani
        Yerevan | GPE | yerevan
        last year | DATE
        France | GPE | france
        Greece | GPE | greece
        Turkish | NORP | turkish
        Baku | GPE | baku
        Caucasus | LOC | caucasus
        Selin Aydemir | PERSON | selin-aydemir
        Anatolian Foreign Policy Centre | ORG | anatolian-foreign-policy-centre
        Ankara | GPE | ankara
        Next year | DATE
        Madrid | GPE | madrid
        November | DATE
        """,
    ),
    (
        "pashinyan-election",
        "sample_articles/caucasus/pashinyan-wins-snap-election.txt",
        "header",
        """
        Nikol Pashinyan | PERSON | nikol-pashinyan
        Civil Contract | ORG | civil-contract
        Armenia | GPE | armenia
        Sunday | DATE
        seven months | DATE
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Central Electoral Commission | ORG | armenia-central-electoral-commission
        Civil Contract | ORG | civil-contract
        Armenia Alliance | ORG | armenia-alliance
        Robert Kocharyan | PERSON | robert-kocharyan
        Pashinyan | PERSON | nikol-pashinyan
        March | DATE
        months | DATE
        Russian | NORP | russian
        November | DATE
        Shusha | GPE | shusha
        Azerbaijan | GPE | azerbaijan
        Kocharyan | PERSON | robert-kocharyan
        Yerevan | GPE | yerevan
        Republic Square | FAC | republic-square-yerevan
        Pashinyan | PERSON | nikol-pashinyan
        Armenian | NORP | armenian
        Baku | GPE | baku
        OSCE | ORG | osce
        Baku | GPE | baku
        Jeyhun Bayramov | PERSON | jeyhun-bayramov
        Azerbaijan | GPE | azerbaijan
        Yerevan | GPE | yerevan
        a week | DATE
        Ilham Aliyev | PERSON | ilham-aliyev
        Recep Tayyip Erdogan | PERSON | recep-tayyip-erdogan
        Shusha Declaration | LAW | shusha-declaration
        Armenian | NORP | armenian
        Armenians | NORP | armenian
        Pashinyan | PERSON | nikol-pashinyan
        Tigran Avetisyan | PERSON | tigran-avetisyan
        Yerevan Policy Lab | ORG | yerevan-policy-lab
        Baku | GPE | baku
        Lachin corridor | FAC | lachin-corridor
        Moscow | GPE | moscow
        Pashinyan | PERSON | nikol-pashinyan
        Vladimir Putin | PERSON | vladimir-putin
        Karabakh | GPE | nagorno-karabakh
        """,
    ),
    (
        "minsk-group-future",
        "sample_articles/caucasus/minsk-group-future.md",
        "frontmatter",
        """
        thirty years | DATE
        OSCE Minsk Group | ORG | osce-minsk-group
        France | GPE | france
        Russia | GPE | russia
        United States | GPE | united-states
        Baku | GPE | baku
        Yerevan | GPE | yerevan
        November | DATE
        Ilham Aliyev | PERSON | ilham-aliyev
        Nagorno-Karabakh | GPE | nagorno-karabakh
        Azerbaijan | GPE | azerbaijan
        Russia | GPE | russia
        10 November 2020 | DATE
        Moscow | GPE | moscow
        Russian | NORP | russian
        Vladimir Putin | PERSON | vladimir-putin
        Aliyev | PERSON | ilham-aliyev
        Nikol Pashinyan | PERSON | nikol-pashinyan
        January | DATE
        OSCE | ORG | osce
        Turkey | GPE | turkey
        Mevlut Cavusoglu | PERSON | mevlut-cavusoglu
        decades | DATE
        Ankara | GPE | ankara
        Recep Tayyip Erdogan | PERSON | recep-tayyip-erdogan
        Turkey | GPE | turkey
        Russia | GPE | russia
        Iran | GPE | iran
        Azerbaijan | GPE | azerbaijan
        Armenia | GPE | armenia
        Georgia | GPE | georgia
        Armenia | GPE | armenia
        Armenian | NORP | armenian
        Karabakh | GPE | nagorno-karabakh
        Pashinyan | PERSON | nikol-pashinyan
        Minsk Group | ORG | osce-minsk-group
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Tbilisi | GPE | tbilisi
        Russian | NORP | russian
        Washington | GPE | washington
        Paris | GPE | paris
        Tigran Avetisyan | PERSON | tigran-avetisyan
        Yerevan Policy Lab | ORG | yerevan-policy-lab
        Baku | GPE | baku
        """,
    ),
    (
        "tap-first-gas",
        "sample_articles/energy/tap-delivers-first-gas.md",
        "frontmatter",
        """
        Azerbaijan | GPE | azerbaijan
        Shah Deniz | LOC | shah-deniz
        European | NORP | european
        Thursday | DATE
        Trans Adriatic Pipeline | FAC | trans-adriatic-pipeline
        Southern Gas Corridor | FAC | southern-gas-corridor
        Greek | NORP | greek
        Turkish | NORP | turkish
        Greece | GPE | greece
        Albania | GPE | albania
        Adriatic Sea | LOC | adriatic-sea
        Melendugno | GPE | melendugno
        Italy | GPE | italy
        TANAP | FAC | tanap
        Trans-Anatolian pipeline | FAC | tanap
        Turkey | GPE | turkey
        South Caucasus Pipeline | FAC | south-caucasus-pipeline
        Caspian Sea | LOC | caspian-sea
        Georgia | GPE | georgia
        A decade | DATE
        European Commission | ORG | european-commission
        ten years ago | DATE
        Russian | NORP | russian
        BP | ORG | bp
        Shah Deniz | LOC | shah-deniz
        Azerbaijani | NORP | azerbaijani
        SOCAR | ORG | socar
        TAP | FAC | trans-adriatic-pipeline
        Snam | ORG | snam
        Fluxys | ORG | fluxys
        Enagas | ORG | enagas
        Axpo | ORG | axpo
        Italy | GPE | italy
        Greece | GPE | greece
        Bulgaria | GPE | bulgaria
        Ilham Aliyev | PERSON | ilham-aliyev
        Azerbaijan | GPE | azerbaijan
        weeks | DATE
        Nagorno-Karabakh | GPE | nagorno-karabakh
        European | NORP | european
        Kadri Simson | PERSON | kadri-simson
        European Union | ORG | european-union
        Europe | LOC | europe
        Marta Kowalczyk | PERSON | marta-kowalczyk
        Brussels | GPE | brussels
        Eurasia Energy Monitor | ORG | eurasia-energy-monitor
        EU | ORG | european-union
        Russia | GPE | russia
        Norway | GPE | norway
        North Africa | LOC | north-africa
        Athens | GPE | athens
        Rome | GPE | rome
        Puglia | GPE | puglia
        """,
    ),
    (
        "sgc-council",
        "sample_articles/energy/sgc-advisory-council-meets.txt",
        "header",
        """
        European | NORP | european
        Kadri Simson | PERSON | kadri-simson
        Baku | GPE | baku
        Friday | DATE
        Southern Gas Corridor Advisory Council | ORG | southern-gas-corridor-advisory-council
        Azerbaijan | GPE | azerbaijan
        Parviz Shahbazov | PERSON | parviz-shahbazov
        Europe | LOC | europe
        Europe | LOC | europe
        Russia | GPE | russia
        Ukraine | GPE | ukraine
        Ilham Aliyev | PERSON | ilham-aliyev
        Azerbaijan | GPE | azerbaijan
        Europe | LOC | europe
        Trans Adriatic Pipeline | FAC | trans-adriatic-pipeline
        first full year | DATE
        European | NORP | european
        Simson | PERSON | kadri-simson
        European Commission | ORG | european-commission
        Azerbaijan | GPE | azerbaijan
        TAP | FAC | trans-adriatic-pipeline
        BP | ORG | bp
        SOCAR | ORG | socar
        Shah Deniz | LOC | shah-deniz
        coming years | DATE
        Europe | LOC | europe
        Turkey | GPE | turkey
        Georgia | GPE | georgia
        Greece | GPE | greece
        Albania | GPE | albania
        Bulgaria | GPE | bulgaria
        Italy | GPE | italy
        Brussels | GPE | brussels
        Baku | GPE | baku
        twenty years | DATE
        Marta Kowalczyk | PERSON | marta-kowalczyk
        Eurasia Energy Monitor | ORG | eurasia-energy-monitor
        Leyla Hasanova | PERSON | leyla-hasanova
        South Caucasus Research Forum | ORG | south-caucasus-research-forum
        Tbilisi | GPE | tbilisi
        European | NORP | european
        Baku | GPE | baku
        European | NORP | european
        Baku | GPE | baku
        South Caucasus | LOC | south-caucasus
        Baku | GPE | baku
        next year | DATE
        """,
    ),
    (
        "turkey-space-programme",
        "sample_articles/space/turkey-unveils-space-programme.md",
        "frontmatter",
        """
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Tuesday | DATE
        Turkey | GPE | turkey
        ten-year | DATE
        2023 | DATE
        Turkish | NORP | turkish
        Ankara | GPE | ankara
        Erdoğan | PERSON | recep-tayyip-erdogan
        later in the decade | DATE
        Turkey | GPE | turkey
        Turkish Space Agency | ORG | turkish-space-agency
        Turkish | NORP | turkish
        Turkish | LANGUAGE | turkish-language
        TUA | ORG | turkish-space-agency
        2018 | DATE
        Serdar Hüseyin Yıldırım | PERSON | serdar-huseyin-yildirim
        Roketsan | ORG | roketsan
        a month | DATE
        Türksat 5A | PRODUCT | turksat-5a
        Florida | GPE | florida
        SpaceX | ORG | spacex
        Türksat 5B | PRODUCT | turksat-5b
        this year | DATE
        three years | DATE
        Elif Şahin | PERSON | elif-sahin
        Middle East Technical University | ORG | middle-east-technical-university
        2023 | DATE
        Ankara | GPE | ankara
        Baku | GPE | baku
        Azercosmos | ORG | azercosmos
        Azerbaijan | GPE | azerbaijan
        Turkish | NORP | turkish
        Selin Aydemir | PERSON | selin-aydemir
        Anatolian Foreign Policy Centre | ORG | anatolian-foreign-policy-centre
        Erdoğan | PERSON | recep-tayyip-erdogan
        Turkey | GPE | turkey
        Karabakh | GPE | nagorno-karabakh
        """,
    ),
    (
        "turksat-5a-launch",
        "sample_articles/space/turksat-5a-lifts-off.txt",
        "headline",
        """
        Turkey | GPE | turkey
        Türksat 5A | PRODUCT | turksat-5a
        Friday | DATE
        Turkish | NORP | turkish
        Cape Canaveral Space Force Station | FAC | cape-canaveral-space-force-station
        Florida | GPE | florida
        SpaceX | ORG | spacex
        Falcon 9 | PRODUCT | falcon-9
        05:15 | TIME
        Ankara | GPE | ankara
        Thursday evening | TIME
        Florida | GPE | florida
        half an hour | TIME
        several months | DATE
        Airbus Defence and Space | ORG | airbus-defence-and-space
        Turkey | GPE | turkey
        Europe | LOC | europe
        Middle East | LOC | middle-east
        Africa | LOC | africa
        Türksat | ORG | turksat
        Türksat 5B | PRODUCT | turksat-5b
        this year | DATE
        Adil Karaismailoğlu | PERSON | adil-karaismailoglu
        Türksat | ORG | turksat
        Gölbaşı | GPE | golbasi
        Ankara | GPE | ankara
        2022 | DATE
        Türksat 6A | PRODUCT | turksat-6a
        Turkey | GPE | turkey
        Recep Tayyip Erdoğan | PERSON | recep-tayyip-erdogan
        Turkey | GPE | turkey
        Falcon 9 | PRODUCT | falcon-9
        SpaceX | ORG | spacex
        Atlantic Ocean | LOC | atlantic-ocean
        Turkey | GPE | turkey
        Elif Şahin | PERSON | elif-sahin
        Middle East Technical University | ORG | middle-east-technical-university
        Ankara | GPE | ankara
        Türksat 6A | PRODUCT | turksat-6a
        Turkish Space Agency | ORG | turkish-space-agency
        coming weeks | DATE
        """,
    ),
    (
        "webb-launch",
        "sample_articles/space/webb-telescope-launches.txt",
        "header",
        """
        James Webb Space Telescope | PRODUCT | james-webb-space-telescope
        Europe’s Spaceport | FAC | guiana-space-centre
        Kourou | GPE | kourou
        French Guiana | GPE | french-guiana
        Saturday | DATE
        Ariane 5 | PRODUCT | ariane-5
        two decades | DATE
        09:20 | TIME
        Christmas morning | TIME
        half an hour | TIME
        Kourou | GPE | kourou
        Space Telescope Science Institute | ORG | space-telescope-science-institute
        Baltimore | GPE | baltimore
        Webb | PRODUCT | james-webb-space-telescope
        NASA | ORG | nasa
        European Space Agency | ORG | european-space-agency
        Canadian Space Agency | ORG | canadian-space-agency
        Hubble Space Telescope | PRODUCT | hubble-space-telescope
        Big Bang | EVENT | big-bang
        NASA | ORG | nasa
        Bill Nelson | PERSON | bill-nelson
        United States | GPE | united-states
        Europe | LOC | europe
        Canada | GPE | canada
        next two weeks | DATE
        Earth | LOC | earth
        late January | DATE
        Owen Calloway | PERSON | owen-calloway
        Harbour City Planetarium | ORG | harbour-city-planetarium
        next summer | DATE
        Ariane 5 | PRODUCT | ariane-5
        ten years | DATE
        """,
    ),
    (
        "harbour-city-flood",
        "sample_articles/city/flood-hits-harbour-city.txt",
        "headline",
        """
        Harbour City | GPE | harbour-city
        Wednesday | DATE
        a day | DATE
        Ash River | LOC | ash-river
        twelve hours | TIME
        August | DATE
        midnight | TIME
        Marsh Street | FAC | marsh-street
        Eastbank | GPE | eastbank
        Dana Whitlock | PERSON | dana-whitlock
        2 a.m. | TIME
        Harbour City University | ORG | harbour-city-university
        forty years | DATE
        Maria Jensen | PERSON | maria-jensen
        Marsh Street | FAC | marsh-street
        ten minutes | TIME
        Harbour City Planetarium | ORG | harbour-city-planetarium
        Owen Calloway | PERSON | owen-calloway
        Grace Mwangi | PERSON | grace-mwangi
        2007 | DATE
        Ash Valley Water Authority | ORG | ash-valley-water-authority
        Wednesday morning | TIME
        Rafael Ortiz | PERSON | rafael-ortiz
        Harbour Greens | ORG | harbour-greens
        last century | DATE
        Whitlock | PERSON | dana-whitlock
        Harbour City Council | ORG | harbour-city-council
        end of October | DATE
        """,
    ),
    (
        "flood-plan",
        "sample_articles/city/council-backs-flood-plan.md",
        "frontmatter",
        """
        Harbour City Council | ORG | harbour-city-council
        Thursday | DATE
        two months | DATE
        Ash River | LOC | ash-river
        Eastbank | GPE | eastbank
        Dana Whitlock | PERSON | dana-whitlock
        Ash Valley Water Authority | ORG | ash-valley-water-authority
        August | DATE
        Grace Mwangi | PERSON | grace-mwangi
        Harbour City University | ORG | harbour-city-university
        Ines Carvalho | PERSON | ines-carvalho
        August | DATE
        middle of the century | DATE
        Harbour Greens | ORG | harbour-greens
        Rafael Ortiz | PERSON | rafael-ortiz
        a decade | DATE
        Ortiz | PERSON | rafael-ortiz
        Whitlock | PERSON | dana-whitlock
        spring | DATE
        European Union | ORG | european-union
        next year | DATE
        Harbour City Planetarium | ORG | harbour-city-planetarium
        spring | DATE
        Owen Calloway | PERSON | owen-calloway
        """,
    ),
    (
        "heating-tariffs",
        "sample_articles/city/heating-tariffs-frozen.txt",
        "header",
        """
        Harbour City | GPE | harbour-city
        this winter | DATE
        last year | DATE
        Thursday | DATE
        HarbourHeat | ORG | harbourheat
        Dana Whitlock | PERSON | dana-whitlock
        October | DATE
        March | DATE
        Europe | LOC | europe
        Russia | GPE | russia
        Ukraine | GPE | ukraine
        February | DATE
        end of August | DATE
        Whitlock | PERSON | dana-whitlock
        Ukraine | GPE | ukraine
        Harbour City | GPE | harbour-city
        HarbourHeat | ORG | harbourheat
        Eastbank | GPE | eastbank
        Henrik Lund | PERSON | henrik-lund
        Azerbaijani | NORP | azerbaijani
        Trans Adriatic Pipeline | FAC | trans-adriatic-pipeline
        Italy | GPE | italy
        Marta Kowalczyk | PERSON | marta-kowalczyk
        Eurasia Energy Monitor | ORG | eurasia-energy-monitor
        Brussels | GPE | brussels
        Europe | LOC | europe
        Russian | NORP | russian
        Norway | GPE | norway
        United States | GPE | united-states
        Azerbaijan | GPE | azerbaijan
        Rafael Ortiz | PERSON | rafael-ortiz
        Harbour Greens | ORG | harbour-greens
        European Union | ORG | european-union
        Brussels | GPE | brussels
        Friday | DATE
        Kadri Simson | PERSON | kadri-simson
        European Commission | ORG | european-commission
        January | DATE
        """,
    ),
]


def article_body(path: Path, layout: str) -> str:
    """The part of ``path`` that the annotations cover: the article text without metadata."""
    text = path.read_text(encoding="utf-8")
    metadata = re.match(r"(?:(?:Date|Source|Author|URL|Tags): [^\n]*\n)+\n", text)
    if metadata and layout != "header":
        text = text[metadata.end() :]
    if layout == "frontmatter":
        if not text.startswith("---\n"):
            raise ValueError(f"{path}: no front matter")
        text = text[4:].split("\n---\n", 1)[1]
    elif layout in {"header", "headline"}:
        text = text.split("\n\n", 1)[1]
    elif layout != "plain":
        raise ValueError(f"unknown layout {layout!r}")
    return text.strip()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_block(block: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in block.strip().splitlines():
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 2 and parts[1] in {"DATE", "TIME"}:
            parts.append(slug(parts[0]))
        surface, label, entity = parts
        if label not in LABELS:
            raise ValueError(f"bad label in {line!r}")
        rows.append((surface, label, entity))
    return rows


def locate(doc_id: str, text: str, rows: list[tuple[str, str, str]]) -> list[dict]:
    """Turn ordered (surface, label, entity) rows into offset mentions."""
    mentions = []
    cursor = 0
    for surface, label, entity in rows:
        pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
        match = pattern.search(text, cursor)
        if match is None:
            raise ValueError(f"{doc_id}: {surface!r} not found after offset {cursor}")
        mentions.append(
            {
                "start": match.start(),
                "end": match.end(),
                "text": surface,
                "label": label,
                "entity": entity,
            }
        )
        cursor = match.end()
    return mentions


def build() -> list[dict]:
    records = []
    for doc_id, source, layout, block in DOCS:
        text = article_body(ROOT / source, layout)
        mentions = locate(doc_id, text, parse_block(block))
        records.append({"id": doc_id, "source_file": source, "text": text, "mentions": mentions})
    return records


def check(records: list[dict]) -> None:
    """Print whole-word occurrences of known names that no mention covers, for review."""
    names = {
        m["text"] for r in records for m in r["mentions"] if m["label"] not in {"DATE", "TIME"}
    }
    for record in records:
        text = record["text"]
        covered = [(m["start"], m["end"]) for m in record["mentions"]]
        for name in sorted(names):
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                if not any(s <= match.start() and match.end() <= e for s, e in covered):
                    context = text[max(0, match.start() - 30) : match.end() + 30]
                    print(f"{record['id']}: {name!r} not annotated: ...{context}...")


def main(argv: list[str]) -> None:
    records = build()
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    total = sum(len(r["mentions"]) for r in records)
    print(f"wrote {OUT} ({len(records)} documents, {total} mentions)")
    if "--check" in argv:
        check(records)


if __name__ == "__main__":
    main(sys.argv[1:])
