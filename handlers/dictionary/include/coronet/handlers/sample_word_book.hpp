#pragma once
// The word book that ships with coronet (handlers/dictionary/data/wordbook.txt), compiled in
// so an app has a dictionary to serve wherever it runs: 470 real entries, about two thirds
// explained in Chinese, the rest in English; three explanations exceed 1 KiB.
#include <string_view>

namespace coronet::handlers {

// The whole file, in the word-book format dictionary_store::import_wordbook reads.
std::string_view sample_word_book();

}  // namespace coronet::handlers
