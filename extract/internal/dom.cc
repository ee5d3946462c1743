#include "extract/internal/dom.h"

#include <cstring>
#include <utility>

namespace factsift::extract::internal {

Document::Document(std::string html) : html_(std::move(html)) {
  output_.reset(gumbo_parse_with_options(&kGumboDefaultOptions, html_.data(), html_.size()));
  if (output_ == nullptr || output_->root == nullptr) return;
  nodes_.reserve(html_.size() / 40 + 16);

  struct Frame {
    const GumboNode* node;
    int parent;
    int depth;
  };
  std::vector<Frame> stack{{output_->root, -1, 0}};
  std::vector<int> open;  // Elements whose subtree end is not yet known.
  while (!stack.empty()) {
    const Frame frame = stack.back();
    stack.pop_back();
    // Close every open element that is not an ancestor of this node.
    while (!open.empty() && open.back() != frame.parent) {
      nodes_[open.back()].end = static_cast<int>(nodes_.size());
      open.pop_back();
    }
    const int index = static_cast<int>(nodes_.size());
    Node node;
    node.parent = frame.parent;
    node.depth = frame.depth;
    const GumboNode* g = frame.node;
    if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE ||
        g->type == GUMBO_NODE_CDATA) {
      node.is_text = true;
      node.text = g->v.text.text;
      node.end = index + 1;
      nodes_.push_back(node);
      continue;
    }
    if (g->type != GUMBO_NODE_ELEMENT) continue;  // Comments, documents, templates.
    const GumboElement& element = g->v.element;
    node.element = &element;
    node.tag = element.tag;
    if (element.tag == GUMBO_TAG_UNKNOWN) {
      GumboStringPiece piece = element.original_tag;
      gumbo_tag_from_original_text(&piece);
      std::string lower(piece.data, piece.length);
      for (char& c : lower) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
      custom_names_.push_back(std::move(lower));
      node.name = custom_names_.back();
    } else {
      node.name = gumbo_normalized_tagname(element.tag);
    }
    for (unsigned k = 0; k < element.attributes.length; ++k) {
      const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[k]);
      const std::string_view name = attribute->name;
      if (name == "class") {
        node.class_name = attribute->value;
      } else if (name == "id") {
        node.id = attribute->value;
      } else if (name == "hidden") {
        node.hidden = true;
      } else if (name == "aria-hidden" && std::string_view(attribute->value) == "true") {
        node.hidden = true;
      }
    }
    nodes_.push_back(node);
    open.push_back(index);
    const GumboVector& children = element.children;
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), index, frame.depth + 1});
    }
  }
  while (!open.empty()) {
    nodes_[open.back()].end = static_cast<int>(nodes_.size());
    open.pop_back();
  }
}

namespace {

// `name` equals the NUL-terminated `attribute_name`, without measuring it.
bool NameIs(const char* attribute_name, std::string_view name) {
  return std::strncmp(attribute_name, name.data(), name.size()) == 0 &&
         attribute_name[name.size()] == '\0';
}

}  // namespace

std::string_view Document::Attribute(int i, std::string_view name) const {
  const GumboElement* element = nodes_[i].element;
  if (element == nullptr) return {};
  for (unsigned k = 0; k < element->attributes.length; ++k) {
    const auto* attribute = static_cast<const GumboAttribute*>(element->attributes.data[k]);
    if (NameIs(attribute->name, name)) return attribute->value;
  }
  return {};
}

bool Document::HasAttribute(int i, std::string_view name) const {
  const GumboElement* element = nodes_[i].element;
  if (element == nullptr) return false;
  for (unsigned k = 0; k < element->attributes.length; ++k) {
    const auto* attribute = static_cast<const GumboAttribute*>(element->attributes.data[k]);
    if (NameIs(attribute->name, name)) return true;
  }
  return false;
}

int Document::Find(GumboTag tag) const {
  for (int i = 0; i < size(); ++i) {
    if (!nodes_[i].is_text && nodes_[i].tag == tag) return i;
  }
  return -1;
}

}  // namespace factsift::extract::internal
