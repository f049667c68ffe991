#include <coronet/handlers/dictd_import.hpp>

#include <algorithm>
#include <numeric>

#include <coronet/utf8.hpp>

#include "database_entries.hpp"
#include "dictd_data.hpp"
#include "index_file.hpp"
#include "read_file.hpp"

namespace coronet::handlers {

namespace {

using namespace dictd_import_detail;

// An index already parsed, with the data file it points into.
struct opened_database {
    dictd_data data;
    std::string index_text;
    std::vector<index_record> records;

    opened_database(const std::filesystem::path& index, const std::filesystem::path& data_file)
        : data(data_file), index_text(read_file(index)),
          records(parse_index_file(index, index_text, data_file, data.size())) {}
};

std::string_view without_trailing_line_breaks(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

dictd_database_info read_info(opened_database& db) {
    dictd_database_info info;
    for (const auto& r : db.records) {
        switch (r.kind) {
        case database_entry::short_description:
            info.short_description = to_valid_utf8(one_line(strip_database_headword(db.data.read(r.offset, r.length))));
            break;
        case database_entry::info:
            info.info = to_valid_utf8(strip_database_headword(db.data.read(r.offset, r.length)));
            break;
        case database_entry::url:
            info.url = to_valid_utf8(one_line(strip_database_headword(db.data.read(r.offset, r.length))));
            break;
        case database_entry::utf8: info.utf8 = true; break;
        case database_entry::other:
        case database_entry::none: break;
        }
    }
    return info;
}

// The definitions of the words, read in data order so that each dictzip chunk is inflated
// once (index order jumps around the data: GCIDE's would inflate one chunk per line, 200,000
// times, instead of about 700). Lines that point at the same range (GCIDE's 203,000 lines
// point at 126,000 ranges, 40 MB instead of 160 MB) share one text: `slot_of_word[i]` is the
// position in the result of words[i]'s text.
struct definitions {
    std::vector<std::string> texts;
    std::vector<std::size_t> slot_of_word;
};

definitions read_definitions(opened_database& db, const std::vector<std::size_t>& words,
                             std::vector<std::size_t>& repaired_utf8) {
    auto range_of = [&](std::size_t i) {
        const auto& r = db.records[words[i]];
        return std::pair{r.offset, r.length};
    };
    std::vector<std::size_t> by_offset(words.size());
    std::iota(by_offset.begin(), by_offset.end(), std::size_t{0});
    std::stable_sort(by_offset.begin(), by_offset.end(), [&](auto a, auto b) { return range_of(a) < range_of(b); });

    definitions result;
    result.slot_of_word.resize(words.size());
    std::vector<bool> repaired;   // per slot
    for (std::size_t k = 0; k < by_offset.size(); ++k) {
        auto i = by_offset[k];
        if (k > 0 && range_of(i) == range_of(by_offset[k - 1])) {
            result.slot_of_word[i] = result.texts.size() - 1;
            continue;
        }
        const auto& r = db.records[words[i]];
        auto text = without_trailing_line_breaks(db.data.read(r.offset, r.length));
        result.slot_of_word[i] = result.texts.size();
        bool valid = is_valid_utf8(text);
        result.texts.push_back(valid ? std::string(text) : to_valid_utf8(text));
        repaired.push_back(!valid);
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (repaired[result.slot_of_word[i]]) repaired_utf8.push_back(db.records[words[i]].line);
    }
    return result;
}

}  // namespace

dictd_database_info read_dictd_info(const std::filesystem::path& index, const std::filesystem::path& data) {
    opened_database db(index, data);
    return read_info(db);
}

dictd_import_result import_dictd(dictionary_store& store,
                                 const std::filesystem::path& index,
                                 const std::filesystem::path& data,
                                 const std::function<void(std::size_t done, std::size_t total)>& progress) {
    opened_database db(index, data);
    dictd_import_result result;
    result.index_lines = db.records.size();
    result.info = read_info(db);

    // The words (positions in db.records), grouped by headword, index order within a group.
    std::vector<std::size_t> words;
    words.reserve(db.records.size());
    for (std::size_t i = 0; i < db.records.size(); ++i) {
        const auto& r = db.records[i];
        if (r.kind != database_entry::none) {
            ++result.database_entries;
        } else if (r.headword.empty()) {
            result.skipped.push_back({r.line, dictionary_store::skip_reason::empty_word});
        } else if (!is_valid_utf8(r.headword)) {
            result.skipped.push_back({r.line, dictionary_store::skip_reason::invalid_utf8});
        } else {
            words.push_back(i);
        }
    }
    auto definitions = read_definitions(db, words, result.repaired_utf8);
    std::vector<std::size_t> by_headword(words.size());
    std::iota(by_headword.begin(), by_headword.end(), std::size_t{0});
    std::stable_sort(by_headword.begin(), by_headword.end(), [&](std::size_t a, std::size_t b) {
        return db.records[words[a]].headword < db.records[words[b]].headword;
    });

    // Feeds the store one headword at a time (in bytewise order, which SQLite's B-tree likes).
    // A definition listed twice for one headword (GCIDE has 861 duplicate lines) is kept once.
    const std::size_t total = db.records.size();
    const std::size_t report_step = std::max<std::size_t>(total / 100, 1);
    std::size_t next_report = 0;
    std::size_t at = 0;
    std::vector<std::size_t> slots;   // of the current headword
    auto next = [&]() -> std::optional<dictionary_store::entry> {
        if (at == by_headword.size()) return std::nullopt;
        auto headword = db.records[words[by_headword[at]]].headword;
        dictionary_store::entry e{std::string(headword), {}};
        slots.clear();
        for (; at < by_headword.size() && db.records[words[by_headword[at]]].headword == headword; ++at) {
            auto slot = definitions.slot_of_word[by_headword[at]];
            if (std::find(slots.begin(), slots.end(), slot) != slots.end()) continue;
            if (!slots.empty()) e.explanation.append("\n\n");
            e.explanation.append(definitions.texts[slot]);
            slots.push_back(slot);
        }
        if (std::size_t done = total - words.size() + at; progress && done >= next_report) {
            progress(done, total);
            next_report = done + report_step;
        }
        ++result.headwords;
        return e;
    };
    result.store = store.import_entries(next);
    if (progress) progress(total, total);
    return result;
}

}  // namespace coronet::handlers
