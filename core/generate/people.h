#pragma once
// Made-up people and companies for the personal data that real telemetry carries (log
// bodies with e-mail addresses and phone numbers), so that redaction has something to
// find. Domains use the reserved .example TLD; phone numbers the fictional 555-01xx range.

#include "core/generate/random.h"

#include <string>
#include <string_view>

namespace casebook::gen {

struct Person {
    std::string_view first, last, company, domain;
    std::string email;
    std::string phone;
};

inline Person randomPerson(Rng& rng) {
    static constexpr std::string_view firsts[] = {
        "maria", "james", "aiko",  "oliver", "fatima", "lucas", "chen", "sofia",
        "noah",  "amara", "ivan",  "elena",  "diego",  "hana",  "liam", "priya",
        "omar",  "grace", "mateo", "yuki",   "zoe",    "arjun", "nora", "felix"};
    static constexpr std::string_view lasts[] = {
        "lopez",  "smith",  "tanaka", "brown",  "haddad", "martin", "wei",    "rossi",
        "muller", "okafor", "petrov", "garcia", "silva",  "kim",    "murphy", "sharma",
        "nasser", "wilson", "ruiz",   "sato",   "dubois", "mehta",  "berg",   "novak"};
    struct Company {
        std::string_view name, domain;
    };
    static constexpr Company companies[] = {{"Northbridge Logistics", "northbridge.example"},
                                            {"Bluefin Analytics", "bluefin.example"},
                                            {"Cedar Health", "cedarhealth.example"},
                                            {"Orbit Freight", "orbitfreight.example"},
                                            {"Helios Energy", "helios-energy.example"},
                                            {"Quartz Retail", "quartzretail.example"},
                                            {"Pinecone Labs", "pineconelabs.example"},
                                            {"Meridian Bank", "meridianbank.example"},
                                            {"Atlas Robotics", "atlasrobotics.example"},
                                            {"Verdant Foods", "verdantfoods.example"},
                                            {"Summit Insurance", "summitins.example"},
                                            {"Kestrel Media", "kestrelmedia.example"}};
    Person p;
    p.first = firsts[rng.below(std::size(firsts))];
    p.last = lasts[rng.below(std::size(lasts))];
    const Company& c = companies[rng.below(std::size(companies))];
    p.company = c.name;
    p.domain = c.domain;
    p.email.assign(p.first).append(".").append(p.last).append("@").append(c.domain);
    p.phone.assign("+1-202-555-01");
    const auto n = rng.below(100);
    p.phone.push_back(static_cast<char>('0' + n / 10));
    p.phone.push_back(static_cast<char>('0' + n % 10));
    return p;
}

} // namespace casebook::gen
