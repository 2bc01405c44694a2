// libstdc++: std::sort and std::stable_sort (with a comparator), std::map
// and std::unordered_map, std::set operations, std::string building,
// searching and formatting, std::ostringstream/iostream output including
// floating point in fixed, scientific, hexfloat and default notations, and
// std::istringstream parsing.
#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {
uint64_t state = 0x853c49e6748fea9bULL;
uint32_t rnd() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
}
}  // namespace

int main() {
    std::vector<int> v(5000);
    for (auto& x : v) x = static_cast<int>(rnd() % 100000) - 50000;
    std::vector<int> w = v;
    std::sort(v.begin(), v.end());
    std::cout << "sorted " << std::is_sorted(v.begin(), v.end()) << " min " << v.front() << " max " << v.back()
              << " sum " << std::accumulate(v.begin(), v.end(), 0LL) << '\n';
    std::sort(w.begin(), w.end(), [](int a, int b) { return (a % 100) < (b % 100); });
    std::cout << "by last two digits:";
    for (size_t i = 0; i < w.size(); i += 500) std::cout << ' ' << w[i];
    std::cout << '\n';

    std::vector<std::pair<int, std::string>> people;
    for (int i = 0; i < 200; ++i) people.emplace_back(static_cast<int>(rnd() % 10), "p" + std::to_string(i));
    std::stable_sort(people.begin(), people.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < people.size(); i += 15) std::cout << people[i].first << ':' << people[i].second << ' ';
    std::cout << '\n';

    std::map<std::string, int> counts;
    std::unordered_map<int, int> squares;
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        std::string word;
        int len = 1 + static_cast<int>(rnd() % 4);
        for (int j = 0; j < len; ++j) word += static_cast<char>('a' + rnd() % 5);
        counts[word]++;
        text += word;
        text += ' ';
        squares[i % 97] += i;
    }
    std::cout << "distinct words " << counts.size() << '\n';
    int shown = 0;
    for (const auto& [word, n] : counts)
        if (shown++ % 25 == 0) std::cout << std::setw(6) << std::left << word << std::right << std::setw(5) << n << '\n';
    auto it = counts.lower_bound("c");
    std::cout << "first from c: " << it->first << ", erase " << counts.erase("aaaa") << ", size " << counts.size() << '\n';
    long sq = 0;
    for (int k = 0; k < 97; ++k) sq += squares.at(k) % 1000;
    std::cout << "unordered sum " << sq << '\n';

    std::set<int> a, b;
    for (int i = 0; i < 300; ++i) {
        a.insert(static_cast<int>(rnd() % 500));
        b.insert(static_cast<int>(rnd() % 500));
    }
    std::vector<int> inter, uni;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(uni));
    std::cout << "sets " << a.size() << ' ' << b.size() << " inter " << inter.size() << " union " << uni.size() << '\n';

    std::cout << "text length " << text.size() << ", 'abc' at " << text.find("abc") << ", last 'ee' at "
              << text.rfind("ee") << ", substr " << text.substr(100, 20) << '\n';
    std::string up = text.substr(0, 60);
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return static_cast<char>(c - 32 * (c >= 'a')); });
    std::reverse(up.begin(), up.end());
    std::cout << up << '\n';

    const double values[] = {0.0, -0.0, 1.0 / 3.0, 2.5, 1e-7, 123456789.123, 1e300, 5e-324, -2.0 / 7.0};
    for (double d : values) {
        std::ostringstream os;
        os << d << " | " << std::fixed << std::setprecision(4) << d << " | " << std::scientific << std::setprecision(10)
           << d << " | " << std::hexfloat << d << " | " << std::defaultfloat << std::setprecision(17) << d;
        std::cout << os.str() << '\n';
    }
    std::cout << std::hex << std::showbase << 255 << ' ' << std::oct << 64 << ' ' << std::dec << std::noshowbase
              << std::setfill('*') << std::setw(10) << -42 << ' ' << std::boolalpha << true << '\n';

    std::istringstream in("12 -7 3.25 word 0x1f 1e3 end");
    int i1, i2;
    double d1, d3;
    std::string s1;
    in >> i1 >> i2 >> d1 >> s1 >> std::hex >> i2 >> std::dec >> d3;
    std::cout << "parsed " << i1 << ' ' << i2 << ' ' << d1 << ' ' << s1 << ' ' << d3 << " good " << in.good() << '\n';
    std::cerr << "containers: done" << std::endl;
    return 0;
}
