# Builds drafts/treatments/rf-draft.json (EN items, fr-CA text with $source fingerprints, references).
import hashlib, json
NB = "\u00a0"
def fp(t): return hashlib.sha256(t.encode("utf-8")).hexdigest()[:12]

cause = {
 "id": "rf-heat-injury",
 "name": "Burn or other harm from RF heat",
 "category": "sequela",
 "summary": ("RF microneedling heats the skin through the needles. Too much heat can harm the skin and the tissue under it. "
             "The FDA is a US health agency. It has had reports of burns and scars after RF microneedling. "
             "It has also had reports of fat loss and nerve damage. "
             "Some reports were of harm to how a person looks. "
             "Some people needed surgery or other care to treat the harm. "
             "The FDA is still looking into this. It did not say how often this happens."),
 "how_to_tell": ("Redness and swelling are normal for a few days after RF. "
                 "Tiny dots in a grid, where the needles went in, are normal too. "
                 "A burn is different. You may see blisters, which are raised bumps filled with fluid. "
                 "The skin may be raw or weeping in patches bigger than the needle dots. "
                 "It may turn white, grey or black, or feel hard like leather. "
                 "Pain may get worse after day 2 instead of better. "
                 "Fat loss looks like a dent or hollow in the treated area."),
 "mechanism": ("RF microneedling devices deliver RF energy through an array of small electrodes (microneedles) into and under the skin to heat it locally "
               "(fda-2025-rf-microneedling-safety-communication). Excess energy, stacking or depth for the local skin and fat thickness can cause "
               "epidermal or dermal burns in the tip's pattern, subcutaneous fat loss where energy reaches fat (deeper settings are used on purpose to "
               "reduce submental fat: shauly-2023-rf-microneedling-review), and injury to superficial nerves. The causal detail (stacking, depth) is "
               "clinical reasoning, not stated by the FDA."),
 "evidence_notes": ("The four harms (burns, scarring, fat loss, nerve damage), disfigurement and the need for surgical repair or medical intervention are exactly the list in FDA's bulletin of "
                    "the October 2025 safety communication (fda-2025-rf-microneedling-safety-communication, seen on FDA's own GovDelivery account; the date 15 Oct 2025 was seen only in copies; the fda.gov "
                    "page itself was not seen in the store). The bulletin gives no rate, no onset and no description of the injuries, so the text says the FDA "
                    "did not say how often, and 'is still looking into this' (its evaluation is ongoing). Redness and swelling after RF microneedling were "
                    "transient in 31 patients of skin types III-V (chandrashekar-2014-rf-microneedling-acne-scars); expected redness and swelling after "
                    "needling last up to about 7 days (chu-2021-safety-review), hence 'a few days'. Tiny dots in a grid: the electrodes are an array "
                    "(fda-2025-rf-microneedling-safety-communication), so pinpoint marks in the tip's pattern follow from the device (clinical reasoning; an "
                    "RF-specific figure for grid marks was seen only in a lay summary, acne.org, not cited). The look of a burn (blisters, raw or weeping skin, "
                    "white, grey, black or leathery skin, pain rising after day 2) is general burn knowledge, not from an RF source: no issuing body's burn page "
                    "was found in the store. 'Fat loss looks like a dent or hollow' is the plain meaning of fat loss; when it shows is not sourced."),
 "onset": {"start_hours": 0, "end_hours": None},
 "duration": None,
 "likelihood": "unknown",
 "evidence": "very-low",
 "references": ["fda-2025-rf-microneedling-safety-communication", "chandrashekar-2014-rf-microneedling-acne-scars",
                "chu-2021-safety-review", "shauly-2023-rf-microneedling-review"],
}
sign = {
 "id": "rf-blisters-or-burn",
 "sign": ("Blisters where you were treated. These are raised bumps filled with fluid. "
          "Or raw or weeping skin in patches bigger than the needle dots. "
          "Or patches of white, grey or black skin bigger than the needle dots. "
          "Or skin that feels hard like leather. "
          "Or pain that gets worse after day 2 instead of better. "
          "Redness, swelling and tiny dots in a grid are normal in the first days. They alone are not a reason to call."),
 "action": ("Call your clinic the same day. If you cannot reach it, see a doctor at a walk-in clinic today. "
            "Go to an emergency room now if a large area is burned. Go now too if the burn is near your eye. "
            "Do not pop blisters or pick at crusts."),
 "question": ("Do you have blisters, or raw or weeping skin, where you were treated? "
              "Or patches of white, grey or black skin bigger than the needle dots? "
              "Or is the pain getting worse after day 2?"),
 "asked_from_day": 0,
 "urgency": "same-day",
 "points_to": ["rf-heat-injury", "bacterial-infection"],
 "clinician_notes": ("Thermal injury after RF microneedling: burns and scarring are among the serious complications reported to FDA, some needing surgical "
                     "repair or medical intervention (fda-2025-rf-microneedling-safety-communication; issuer's own bulletin seen, host decision pending). "
                     "Same-day review because a deep burn may need wound care; large burns or burns near the eye go to an emergency department (general "
                     "burn triage, not from an RF source). The sign states what is expected (transient redness and swelling after RF microneedling: "
                     "chandrashekar-2014-rf-microneedling-acne-scars; pinpoint marks in the tip's array: clinical reasoning) so that a patient with only "
                     "these answers no; dark pinpoint crusts are expected, so discoloured skin counts only in patches bigger than the needle dots. Do not "
                     "deroof blisters (general burn first aid). Document with photographs, the device, tip, energy and depth; report to MedWatch (US) or "
                     "Health Canada (Canada): rf-report-heat-harm. Rising pain and spreading redness also point to infection (bacterial-infection, shipped). "
                     "In the RF record this sign is asked to day 14 (warning_sign_windows), as in treatments.json."),
 "evidence": "very-low",
 "references": ["fda-2025-rf-microneedling-safety-communication", "chandrashekar-2014-rf-microneedling-acne-scars"],
}
step = {
 "id": "rf-report-heat-harm",
 "action": ("Did RF leave you with a burn, a scar, a dent or numb skin? Tell your clinic or doctor. "
            "You can also report it to the health agency where you live. "
            "In Canada, that is Health Canada. In the US, it is the FDA."),
 "reason": ("The FDA has asked people to report harm from RF. "
            "A report can lead to changes that make a device safer."),
 "kind": "do",
 "window": {"start_hours": 0, "end_hours": None},
 "scope": "everyone",
 "addresses": ["rf-heat-injury"],
 "clinician_notes": ("Treatment-scoped ('everyone' given the RF record). FDA asks patients, caregivers and health care providers to report any "
                     "complications of RF microneedling devices to FDA while its evaluation is ongoing (fda-2025-rf-microneedling-safety-communication: "
                     "this sentence is in the part of FDA's bulletin seen). MedWatch takes voluntary reports from consumers and patients, and a report may "
                     "prompt a change in the use or design of a product (fda-medwatch). In Canada anyone can report a side effect of a medical device "
                     "(health-canada-report-a-side-effect). 'A dent' stands for fat loss and 'numb skin' for nerve damage, the FDA's words in plain "
                     "language. The patient text names the agency, not an address, as report-home-device-harm does, so the address follows the clinic's "
                     "region (the treatment's reporting records)."),
 "evidence": "low",
 "references": ["fda-2025-rf-microneedling-safety-communication", "fda-medwatch", "health-canada-report-a-side-effect"],
}

fr = {
 "causes": {"rf-heat-injury": {
   "name": "Brûlure ou autre lésion causée par la chaleur RF",
   "summary": ("Le microaiguilletage RF chauffe la peau par les aiguilles. Trop de chaleur peut abîmer la peau et les tissus en dessous. "
               "La FDA est une agence de santé américaine. Elle a reçu des signalements de brûlures et de cicatrices après le microaiguilletage RF. "
               "Elle a aussi reçu des signalements de perte de graisse et de nerfs abîmés. "
               "Chez certaines personnes, l'apparence a été abîmée. "
               "Certaines personnes ont eu besoin d'une chirurgie ou d'autres soins pour traiter les lésions. "
               "La FDA étudie encore la question. Elle n'a pas dit à quelle fréquence cela arrive."),
   "how_to_tell": ("La rougeur et l'enflure sont normales pendant quelques jours après la RF. "
                   "De minuscules points en grille, là où les aiguilles sont entrées, sont normaux aussi. "
                   "Une brûlure, c'est différent. Vous pouvez voir des cloques, c'est-à-dire des bosses remplies de liquide. "
                   "La peau peut être à vif ou suintante, sur des zones plus grandes que les points des aiguilles. "
                   "Elle peut devenir blanche, grise ou noire, ou dure comme du cuir. "
                   "La douleur peut augmenter après le jour 2 au lieu de baisser. "
                   "La perte de graisse ressemble à un creux dans la zone traitée."),
 }},
 "warning_signs": {"rf-blisters-or-burn": {
   "sign": ("Des cloques sur la zone traitée, c'est-à-dire des bosses remplies de liquide. "
            "Ou une peau à vif ou suintante, sur des zones plus grandes que les points des aiguilles. "
            "Ou des plaques de peau blanche, grise ou noire plus grandes que les points des aiguilles. "
            "Ou une peau dure comme du cuir. "
            "Ou une douleur qui augmente après le jour 2 au lieu de baisser. "
            "La rougeur, l'enflure et de minuscules points en grille sont normaux les premiers jours. À eux seuls, ils ne sont pas une raison d'appeler."),
   "action": ("Appelez votre clinique le jour même. Si vous ne pouvez pas la joindre, voyez un médecin dans une clinique sans rendez-vous aujourd'hui. "
              "Allez tout de suite à l'urgence si une grande zone est brûlée. Allez-y tout de suite aussi si la brûlure est près de l'œil. "
              "Ne percez pas les cloques et n'arrachez pas les croûtes."),
   "question": (f"Avez-vous des cloques, ou une peau à vif ou suintante, sur la zone traitée{NB}? "
                f"Ou des plaques de peau blanche, grise ou noire plus grandes que les points des aiguilles{NB}? "
                f"Ou la douleur augmente-t-elle après le jour 2{NB}?"),
 }},
 "aftercare_steps": {"rf-report-heat-harm": {
   "action": (f"La RF vous a-t-elle laissé une brûlure, une cicatrice, un creux ou une peau engourdie{NB}? "
              "Dites-le à votre clinique ou à un médecin. "
              "Vous pouvez aussi le signaler à l'agence de santé de votre pays. "
              "Au Canada, c'est Santé Canada. Aux États-Unis, c'est la FDA."),
   "reason": ("La FDA a demandé aux gens de signaler les lésions après la RF. "
              "Un signalement peut mener à des changements qui rendent un appareil plus sûr."),
 }},
}
en_by = {"causes": {cause["id"]: cause}, "warning_signs": {sign["id"]: sign}, "aftercare_steps": {step["id"]: step}}
for kind, items in fr.items():
    for iid, fields in items.items():
        fields["$source"] = {k: fp(en_by[kind][iid][k]) for k in fields if not k.startswith("$")}

refs = [
 {
  "id": "fda-2025-rf-microneedling-safety-communication",
  "authors": [],
  "title": "Potential Risks with Certain Uses of Radiofrequency (RF) Microneedling: FDA Safety Communication",
  "publisher": "US Food and Drug Administration",
  "year": 2025,
  "source_type": "regulator",
  "verified": True,
  "doi": None,
  "pmid": None,
  "url": "https://www.fda.gov/medical-devices/safety-communications/potential-risks-certain-uses-radiofrequency-rf-microneedling-fda-safety-communication",
  "note": ("Supports (FDA's own bulletin of the communication, seen in the store): FDA is making consumers, patients and health care providers aware "
           "that serious complications have been reported with certain uses of RF microneedling devices; the devices use an array of small electrodes "
           "(microneedles) to deliver RF energy into and under the skin to produce local heating; with use for dermatologic or aesthetic procedures "
           "(wrinkles, resurfacing, 'tightening', 'rejuvenation') FDA is aware of reports of burns, scarring, fat loss, disfigurement, nerve damage, "
           "and the need for surgical repair or medical intervention to treat injuries; while its evaluation is ongoing FDA asks patients, caregivers "
           "and health care providers to report any complications to FDA; FDA is working with manufacturers to evaluate the issue and identify "
           "mitigation strategies. Does not support: any rate, onset or description of the injuries. The communication's recommendations to "
           "patients and providers (seek a licensed provider trained on RF microneedling and ask which device; RF microneedling is a medical "
           "procedure, not a cosmetic treatment, and these devices should not be used at home; providers should discuss risks) and the issue date "
           "15 October 2025 were seen only in copies (themarcomjournal.com, plasticsurgerypractice.com, livderm.org; epocrates.com gives the date and "
           "the fda.gov address in `url`), not on an issuing body's page: no sentence rests on them. The fda.gov page itself was not found in the store "
           "(searched 2026-12-03). Title mended: the earlier draft's reconstructed title ('Potential risks with dermatologic and aesthetic uses ...') "
           "is replaced by the title the copies and epocrates give."),
  "verified_at": "https://content.govdelivery.com/accounts/USFDA/bulletins/3f73141",
  "verified_on": "2026-12-03",
 },
 {
  "id": "chandrashekar-2014-rf-microneedling-acne-scars",
  "authors": ["Chandrashekar BS", "Sriram R", "Mysore R", "Bhaskar S", "Shetty A"],
  "title": "Evaluation of microneedling fractional radiofrequency device for treatment of acne scars",
  "publisher": "J Cutan Aesthet Surg",
  "year": 2014,
  "source_type": "observational-study",
  "verified": True,
  "doi": "10.4103/0974-2077.138328",
  "pmid": "25136209",
  "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC4134659",
  "note": ("Supports: retrospective assessment of 31 patients with skin types III-V and moderate or severe facial acne scars given four microneedling "
           "fractional RF sessions 6 weeks apart; adverse effects were limited to transient pain, erythema, oedema and hyperpigmentation. 2014 "
           "Apr-Jun;7(2):93-97. Does not support: any rate of burns, fat loss or nerve injury (none reported); how long the redness, swelling or "
           "darkening lasted (the abstract says only 'transient'); anything about grid marks. A single-centre retrospective series."),
  "verified_at": "https://pmc.ncbi.nlm.nih.gov/articles/PMC4134659",
  "verified_on": "2026-12-03",
 },
 {
  "id": "juhasz-2020-microneedling-scars-review",
  "authors": ["Juhasz MLW", "Cohen JL"],
  "title": "Microneedling for the treatment of scars: an update for clinicians",
  "publisher": "Clin Cosmet Investig Dermatol",
  "year": 2020,
  "source_type": "systematic-review",
  "verified": True,
  "doi": "10.2147/CCID.S267192",
  "pmid": "33376377",
  "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC7764156",
  "note": ("Supports: systematic review of Medline, 58 studies, 1,845 patients treated for acne, hypertrophic, keloid, surgical, traumatic, varicella "
           "or smallpox scars with microneedling or fractional RF microneedling, alone or combined; no serious adverse events occurred in the "
           "included studies. 2020;13:997-1003. Does not support: a rate of rare harms (trials are too small to exclude them, and the FDA's "
           "post-market reports are of exactly such harms); anything separate for RF. Clinician notes only: it explains why trial literature and "
           "the FDA's reports differ; no patient sentence rests on it."),
  "verified_at": "https://pmc.ncbi.nlm.nih.gov/articles/PMC7764156",
  "verified_on": "2026-12-03",
 },
]
out = {
 "_about": ("Draft RF items for issue 20 (rfcontent, 2026-12-03): EN items in content.json form, fr-CA text in content.fr.json form with "
            "$source fingerprints, and new or mended references. Not in src/. See rf-draft.md."),
 "causes": [cause], "aftercare_steps": [step], "warning_signs": [sign],
 "fr": fr, "references": refs,
}
json.dump(out, open("drafts/treatments/rf-draft.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
open("drafts/treatments/rf-draft.json", "a").write("\n")
