// A gumbo parse flattened into a pre-order array, so that every later pass is
// a loop over indices instead of a recursion that hostile nesting can overflow.
#ifndef FACTSIFT_EXTRACT_INTERNAL_DOM_H_
#define FACTSIFT_EXTRACT_INTERNAL_DOM_H_

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

namespace factsift::extract::internal {

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

struct Node {
  bool is_text = false;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // Elements only.
  std::string_view name;             // Lower-case tag name ("amp-img" for custom elements).
  int parent = -1;
  int end = 0;  // One past the last descendant: the subtree is [index, end).
  int depth = 0;
  std::string_view text;  // Text nodes: decoded text, owned by the gumbo output.
  const GumboElement* element = nullptr;
  // The attributes every pass reads, found once when the tree is flattened.
  std::string_view class_name;  // class="…", or "".
  std::string_view id;          // id="…", or "".
  bool hidden = false;          // A hidden attribute or aria-hidden="true".
};

// Owns the gumbo output and its flattened view. Not thread-safe to build;
// read-only use from several threads is fine.
class Document {
 public:
  // Parses `html` (UTF-8). The document keeps its own copy of the input, which
  // the gumbo tree points into.
  explicit Document(std::string html);
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const std::vector<Node>& nodes() const { return nodes_; }
  const Node& node(int i) const { return nodes_[i]; }
  int size() const { return static_cast<int>(nodes_.size()); }

  // The value of attribute `name` of element `i`, or "" when absent.
  std::string_view Attribute(int i, std::string_view name) const;
  bool HasAttribute(int i, std::string_view name) const;
  // Index of the first element with this tag, or -1.
  int Find(GumboTag tag) const;
  // True when `ancestor`'s subtree contains `i`.
  bool Contains(int ancestor, int i) const { return i >= ancestor && i < nodes_[ancestor].end; }

 private:
  std::string html_;
  GumboOutputPtr output_;
  std::vector<Node> nodes_;
  std::deque<std::string>
      custom_names_;  // Lower-cased custom element names; a deque keeps views valid.
};

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_DOM_H_
