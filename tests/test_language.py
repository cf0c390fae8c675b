"""The body's language in the metadata: the languages named, and the texts that name none."""

from __future__ import annotations

import pytest

from cleaner import Config, clean
from cleaner.language import LANGUAGE_SAMPLE_CHARACTERS, detect_language

# The same news item, written in each language: two sentences, as a short article's lead.
PARAGRAPHS = {
    "de": "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Renten für alle Bürger"
    " erhöhen soll. Die Opposition kritisierte den Entwurf scharf und kündigte an, vor das"
    " Verfassungsgericht zu ziehen.",
    "fr": "Le gouvernement a annoncé jeudi une hausse des pensions pour tous les retraités. L'opposition"
    " a vivement critiqué le projet et a promis de saisir le Conseil constitutionnel dans les"
    " prochains jours.",
    "es": "El Gobierno anunció el jueves una subida de las pensiones para todos los jubilados. La oposición"
    " criticó duramente el proyecto y aseguró que lo llevará ante el Tribunal Constitucional en los"
    " próximos días.",
    "it": "Il governo ha annunciato giovedì un aumento delle pensioni per tutti i cittadini. L'opposizione"
    " ha criticato duramente il progetto e ha detto che si rivolgerà alla Corte costituzionale nei"
    " prossimi giorni.",
    "pt": "O governo anunciou na quinta-feira um aumento das pensões para todos os aposentados. A oposição"
    " criticou duramente o projeto e disse que vai recorrer ao Supremo Tribunal nos próximos dias.",
    "nl": "De regering heeft donderdag een verhoging van de pensioenen voor alle burgers aangekondigd. De"
    " oppositie had scherpe kritiek op het plan en zei dat zij de komende dagen naar de rechter zal"
    " stappen.",
    "pl": "Rząd ogłosił w czwartek podwyżkę emerytur dla wszystkich obywateli. Opozycja ostro skrytykowała"
    " projekt i zapowiedziała, że w najbliższych dniach skieruje sprawę do Trybunału Konstytucyjnego.",
    "ru": "Правительство в четверг объявило о повышении пенсий для всех граждан. Оппозиция резко"
    " раскритиковала этот проект и заявила, что в ближайшие дни обратится в Конституционный суд.",
    "tr": "Hükümet perşembe günü tüm vatandaşlar için emekli maaşlarının artırılacağını açıkladı. Muhalefet"
    " tasarıyı sert bir dille eleştirdi ve önümüzdeki günlerde Anayasa Mahkemesi'ne başvuracağını"
    " söyledi.",
    # CLD2 says "iw", the code ISO 639-1 replaced with "he"
    "he": "הממשלה הודיעה ביום חמישי על העלאת הפנסיות לכל האזרחים. האופוזיציה מתחה ביקורת חריפה על"
    " התוכנית ואמרה שתפנה לבית המשפט העליון בימים הקרובים.",
    "ar": "أعلنت الحكومة يوم الخميس عن زيادة في المعاشات التقاعدية لجميع المواطنين. وانتقدت المعارضة"
    " المشروع بشدة وقالت إنها ستلجأ إلى المحكمة الدستورية خلال الأيام المقبلة.",
    "ja": "政府は木曜日、すべての国民を対象に年金を引き上げると発表した。野党はこの計画を厳しく批判し、"
    "近く憲法裁判所に訴える方針を示した。",
    "zh": "政府星期四宣布为所有公民提高养老金。反对派严厉批评了这一计划，"
    "并表示将在未来几天内向宪法法院提起诉讼。",
    "en": "The government said on Thursday that it would raise pensions for all citizens. The opposition"
    " criticised the plan sharply and said it would take it to the constitutional court.",
}


@pytest.mark.parametrize(("code", "paragraph"), PARAGRAPHS.items())
def test_a_paragraph_names_its_language(code: str, paragraph: str) -> None:
    assert detect_language(paragraph) == code
    assert clean(paragraph).metadata.language == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Share",  # too short to tell
        "Home | News | Sport | Contact",
        "2024-03-17 14:05 | 1,204 | 3.5%",  # no words at all
        "Photo: Reuters",
    ],
)
def test_a_text_too_short_or_without_words_names_none(text: str) -> None:
    assert detect_language(text) is None


@pytest.mark.parametrize(
    "junk",
    ["\x85", "\ufdd0", "\x01", "\ud800", "\uffff"],  # a C1 control, noncharacters, a lone surrogate
)
def test_code_points_cld2_refuses_do_not_hide_the_language(junk: str) -> None:
    assert detect_language(f"{junk} {PARAGRAPHS['de']} {junk}") == "de"


def test_the_body_decides_not_the_chrome_around_it() -> None:
    # A German article in an English page: the page's text reads as English, its body as German.
    second = (
        "Es ist nicht das erste Mal, dass die Regierung mit einem solchen Vorhaben scheitert. Schon im"
        " vergangenen Jahr hatte das Gericht eine ähnliche Reform gestoppt."
    )
    header = [
        "We use cookies to give you the best experience on our website. By continuing to browse the"
        " site you agree to our use of cookies.",
        "Accept all cookies",
        *("Home", "News", "Sport", "Weather", "Sign in", "Most read"),
        "Storm warning issued for the whole northern coast tonight",
        "Train drivers announce a new strike for next week",
        "Local team wins the cup after a dramatic penalty shootout",
        "Prices of heating oil fall for the third month in a row",
    ]
    footer = ["Privacy policy", "Terms of use", "Cookie settings", "© 2024 Example Media"]
    page = "\n\n".join([*header, PARAGRAPHS["de"], second, *footer])
    assert detect_language(page) == "en"
    assert clean(page, config=Config(mode="page")).metadata.language == "de"


def test_only_the_first_characters_are_read() -> None:
    # a long German article with an English paragraph after the sample: German, whatever follows
    text = PARAGRAPHS["de"] * (LANGUAGE_SAMPLE_CHARACTERS // len(PARAGRAPHS["de"]) + 1)
    assert detect_language(text + "\n\n" + PARAGRAPHS["en"] * 20) == "de"


def test_detection_can_be_turned_off() -> None:
    assert clean(PARAGRAPHS["fr"], config=Config(detect_language=False)).metadata.language is None


def test_an_html_page_gets_its_body_language() -> None:
    paragraphs = "".join(f"<p>{PARAGRAPHS['es']}</p>" for _ in range(3))
    html = f"<html><head><title>Pensiones</title></head><body><article>{paragraphs}</article></body></html>"
    result = clean(html)
    assert result.metadata.extraction is not None and result.metadata.extraction.startswith("html")
    assert result.metadata.language == "es"
