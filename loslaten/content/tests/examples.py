"""Example texts in each import format, written for these tests."""
# ruff: noqa: E501  (a page's text has long lines)

PLAIN = """Waarom stilte soms zo luid is
Jij en Loslaten · Adem en lichaam
7 min
Als het eindelijk stil wordt, hoor je pas hoe druk het in je hoofd was. Dat is geen falen, maar een begin.
Drie vragen om even bij stil te staan
• Waarom voelt stilte onrustig? → Omdat je lichaam gewend is aan prikkels.
• Gaat dat over? → Meestal wel, na een paar minuten.
• Wat helpt? → Eén rustige uitademing.
Het lawaai achter de stilte
Je zet de radio uit en gaat zitten. Binnen een minuut beginnen de gedachten: de mail, de boodschappen, het gesprek van gisteren.
Dat is heel gewoon. Je hoofd vult de ruimte die vrijkomt.
"Stilte is geen leegte, maar ruimte."
💡 Wanneer was het vandaag voor het laatst echt stil om je heen?
Wie meer wil weten over wat je adem doet, leest het in een ander stuk. Lees verder: De kracht van één lange uitademing
Wat je lichaam doet
Het avondeten dat bleef staan
Je hebt gekookt, maar je eet staand bij het aanrecht, met je telefoon in je hand. Pas als het bord leeg is merk je dat je niets hebt geproefd.
Je lichaam staat nog even aan, ook als het stil is. Adrenaline zakt snel, maar niet meteen.
💡 Wat proef je als je de volgende hap langzaam neemt?
Veelgestelde vragen over stilte
Is stilte altijd goed? Nee, soms is geluid juist fijn. Het gaat om de keuze.
Hoe lang moet ik stil zitten?
Begin met één minuut.
Dat is genoeg om het verschil te merken.
Elke week een moment van rust
Eén keer per week rust en richting in je inbox.
E-mailadres
Aanmelden
Met rustige groet,
Mira
"""

PLAIN_MINIMAL = """Een klein stuk
Dagelijks leven
2 min
Een korte inleiding.
Gewone tekst zonder kopjes.
"""

MARKDOWN = """---
title: Een stuk in Markdown
categories: [Dagelijks leven]
lede: Een korte inleiding in Markdown.
date: 2026-03-01
author: Mira
---

## Eerste deel

Tekst.

💡 Wat merk je nu?
"""

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Mijn oude blog</title>
  <wp:author><wp:author_login>mira</wp:author_login><wp:author_display_name>Mira de Vries</wp:author_display_name></wp:author>
  <item>
    <title>Loslaten op maandag</title>
    <dc:creator>mira</dc:creator>
    <content:encoded><![CDATA[<p>Maandag begint vaak met haast.</p>
<h2>De ochtend</h2>
<p>Je wekker gaat en je hoofd <strong>rent</strong> al. <a href="https://example.org/adem">Meer</a>.</p>
<blockquote><p>"Haast is een gevoel, geen feit."</p></blockquote>
<p>💡 Wat zou je morgenochtend anders willen doen?</p>
<p>Lees verder: Een stuk in Markdown</p>
<script>alert(1)</script>
<p onclick="alert(2)">Een <a href="javascript:alert(3)">gevaarlijke</a> link.</p>
<ul><li>eerste</li><li>tweede</li></ul>]]></content:encoded>
    <excerpt:encoded><![CDATA[Over de haast van de maandag.]]></excerpt:encoded>
    <wp:post_date_gmt>2025-11-03 07:30:00</wp:post_date_gmt>
    <wp:post_name>loslaten-op-maandag</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="dagelijks-leven"><![CDATA[Dagelijks leven]]></category>
    <category domain="post_tag" nicename="haast"><![CDATA[haast]]></category>
  </item>
  <item>
    <title>Over mij</title>
    <content:encoded><![CDATA[<p>Een pagina.</p>]]></content:encoded>
    <wp:post_name>over-mij</wp:post_name>
    <wp:post_type>page</wp:post_type>
  </item>
  <item>
    <title>Nog een concept</title>
    <content:encoded><![CDATA[Eerste alinea zonder p-tags.

Tweede alinea.]]></content:encoded>
    <wp:post_name>nog-een-concept</wp:post_name>
    <wp:status>draft</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>
</channel>
</rss>
"""

XML_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>
"""
