# dyfed-powys-2016-17: synthetic Dyfed-Powys register snapshot for 2016/17,
# a Welsh area (the sample of the Welsh edition, issue #21).  Read by
# `mappa-report generate --profile`; every figure below is what
# `mappa-report stats` must give for samples/dyfed-powys-2016-17.xml (totals
# and rso_per_100k are derived).  The figures are invented, of the size of a
# rural Welsh police area (Dyfed-Powys has about 515,000 people; the
# format's population is of all ages, STATISTICS.md); seed and noise fix the
# records exactly.
area,Dyfed-Powys
period.start,2016-04-01
period.end,2017-03-31
population,515000
exported,2017-04-06T10:05:00Z
seed,2016170
noise,110
offenders.category1.level1,618
offenders.category1.level2,20
offenders.category1.level3,2
offenders.category2.level1,198
offenders.category2.level2,24
offenders.category2.level3,1
offenders.category3.level1,0
offenders.category3.level2,6
offenders.category3.level3,1
in_custody.category1,142
in_custody.category2,51
in_custody.category3,3
rso_wanted_or_missing.wanted,2
rso_wanted_or_missing.missing,3
level2_3_in_period.category1.level2,35
level2_3_in_period.category1.level3,5
level2_3_in_period.category2.level2,44
level2_3_in_period.category2.level3,4
level2_3_in_period.category3.level2,11
level2_3_in_period.category3.level3,2
notification_breaches.rsos,17
notification_breaches.cautions,3
notification_breaches.convictions,15
revocations,3
orders.shpo,19
orders.interim_shpo,4
orders.shpo_foreign_travel,2
orders.sopo,0
orders.interim_sopo,0
orders.fto,0
orders.notification_order,1
orders.sro,2
orders.rsho,0
orders_other_categories.shpo,2
orders_other_categories.interim_shpo,0
orders_other_categories.shpo_foreign_travel,0
orders_other_categories.sopo,0
orders_other_categories.interim_sopo,0
orders_other_categories.fto,0
orders_other_categories.notification_order,0
orders_other_categories.sro,1
orders_other_categories.rsho,0
sro_breaches.breaches,1
sro_breaches.became_notifiable,1
returned_to_custody.breach_of_licence.category1.level2,4
returned_to_custody.breach_of_licence.category1.level3,1
returned_to_custody.breach_of_licence.category2.level2,3
returned_to_custody.breach_of_licence.category2.level3,0
returned_to_custody.breach_of_licence.category3.level2,0
returned_to_custody.breach_of_licence.category3.level3,0
returned_to_custody.breach_of_order.category1.level2,2
returned_to_custody.breach_of_order.category1.level3,0
returned_to_custody.breach_of_order.category2.level2,0
returned_to_custody.breach_of_order.category2.level3,0
returned_to_custody.breach_of_order.category3.level2,0
returned_to_custody.breach_of_order.category3.level3,0
returned_to_custody_level1.breach_of_licence,6
returned_to_custody_level1.breach_of_order,2
sfo_charges.category1.level1,1
sfo_charges.category1.level2,1
sfo_charges.category1.level3,0
sfo_charges.category2.level1,1
sfo_charges.category2.level2,0
sfo_charges.category2.level3,0
sfo_charges.category3.level1,0
sfo_charges.category3.level2,0
sfo_charges.category3.level3,0
