// Names arx derives from ERP data or settings for places outside the
// database: a customer's portal folder, a server in a message.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "delivery/run.hpp"

namespace {

using arx::delivery::portal_folder_name;

TEST(PortalFolder, EveryNumberIsOneSafePathComponent) {
  EXPECT_EQ(portal_folder_name("C10001"), "C10001");
  EXPECT_EQ(portal_folder_name("K-7_a.1"), "K-7_a.1");
  EXPECT_EQ(portal_folder_name("../x"), "%2E.%2Fx");
  EXPECT_EQ(portal_folder_name("a/b"), "a%2Fb");
  EXPECT_EQ(portal_folder_name(".."), "%2E.");
  EXPECT_EQ(portal_folder_name("."), "%2E");
  EXPECT_EQ(portal_folder_name(".hidden"), "%2Ehidden");
  EXPECT_EQ(portal_folder_name("a\\b"), "a%5Cb");
  EXPECT_EQ(portal_folder_name(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(portal_folder_name("Müller"), "M%C3%BCller");
  // '%' is encoded too, so two numbers never share a folder.
  EXPECT_EQ(portal_folder_name("a%2Fb"), "a%252Fb");
  std::set<std::string> names;
  for (const char *n : {"a/b", "a%2Fb", "a_b", "a b", "a.b", ".ab"}) names.insert(portal_folder_name(n));
  EXPECT_EQ(names.size(), 6u);
}

TEST(PortalFolder, WhatCannotNameAFolderIsRefused) {
  for (const std::string &n : {std::string(), std::string(86, '/')}) {
    try {
      portal_folder_name(n);
      ADD_FAILURE() << "accepted '" << n << "'";
    } catch (const arx::error &e) {
      EXPECT_EQ(e.status(), ARX_E_VALIDATION);
      EXPECT_NE(std::string(e.what()).find("portal_dir"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(portal_folder_name(std::string(85, '/')).size(), 255u);
}

TEST(UrlWithoutUserinfo, PasswordsNeverShow) {
  using arx::core::url_without_userinfo;
  EXPECT_EQ(url_without_userinfo("smtp://u:pw@host:25"), "smtp://***@host:25");
  EXPECT_EQ(url_without_userinfo("smtps://u:p@w@host/x@y"), "smtps://***@host/x@y");
  EXPECT_EQ(url_without_userinfo("smtp://host:25"), "smtp://host:25");
  EXPECT_EQ(url_without_userinfo("u:pw@host"), "***@host");
  EXPECT_EQ(url_without_userinfo("smtp://u:p w@host"), "smtp://***@host");
  EXPECT_EQ(url_without_userinfo(""), "");
}

}  // namespace
