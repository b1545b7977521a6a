#include "DemoDataGenerator.h"

#include "RelationshipParser.h"
#include "RelationshipWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// ---------------------------------------------------------------------------------------------
// Randomness: our own generator, so that the same seed gives the same bytes on every platform and
// Qt version (std::rand and QRandomGenerator::global() promise neither).

constexpr quint64 splitMix(quint64 z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

class SplitMix64
{
public:
    explicit SplitMix64(quint64 seed)
        : m_state(seed)
    {}
    quint64 next()
    {
        m_state += 0x9e3779b97f4a7c15ULL;
        return splitMix(m_state);
    }
    double unit() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    double uniform(double low, double high) { return low + (high - low) * unit(); }
    int below(int bound) { return int(((next() >> 32) * quint64(bound)) >> 32); }
    bool chance(double probability) { return unit() < probability; }
    template<typename T, size_t N>
    const T& pick(const T (&items)[N])
    {
        return items[below(int(N))];
    }

private:
    quint64 m_state;
};

quint64 hashText(quint64 seed, QStringView text)
{
    quint64 hash = 0xcbf29ce484222325ULL ^ splitMix(seed);
    for (const QChar c : text) {
        hash ^= c.unicode();
        hash *= 0x100000001b3ULL;
    }
    return splitMix(hash);
}

QUuid uuidFrom(quint64 high, quint64 low)
{
    std::array<char, 16> bytes{};
    for (int i = 0; i < 8; ++i) {
        bytes[size_t(i)] = char(high >> (56 - 8 * i));
        bytes[size_t(8 + i)] = char(low >> (56 - 8 * i));
    }
    bytes[6] = char((bytes[6] & 0x0f) | 0x40); // version 4, as the server's ids are
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(QByteArrayView(bytes.data(), 16));
}

QUuid uuidFromText(quint64 seed, QStringView text)
{
    const quint64 high = hashText(seed, text);
    return uuidFrom(high, splitMix(high ^ 0x5bd1e995ULL));
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// A bijection on [0, count) (a small Feistel network with cycle walking): relationship `index`
// lands on a shuffled slot without the generator holding a shuffled list of `count` entries.
quint64 permute(quint64 index, quint64 count, quint64 key)
{
    if (count <= 2)
        return index;
    int bits = 2;
    while ((quint64(1) << bits) < count)
        bits += 2;
    const int half = bits / 2;
    const quint64 mask = (quint64(1) << half) - 1;
    quint64 value = index;
    do {
        quint64 left = value >> half;
        quint64 right = value & mask;
        for (quint64 round = 0; round < 4; ++round) {
            const quint64 mixed = splitMix(right ^ key ^ (round * 0x9e3779b97f4a7c15ULL)) & mask;
            const quint64 next = left ^ mixed;
            left = right;
            right = next;
        }
        value = (left << half) | right;
    } while (value >= count);
    return value;
}

// ---------------------------------------------------------------------------------------------
// The warehouse the demo describes.

enum class KeyKind : quint8 { Integer, Code, Uuid, Country, Currency };

struct TableSpec
{
    const char* name;
    const char* entity;
    const char* schema;
    const char* keyColumn;
    KeyKind key;
    const char* codePrefix;
    qint64 rows;
    bool core;              // always part of the warehouse
    const char* references; // "customers,employees:sales_rep_id": parent table[:column name]
    const char* attributes;
};

// clang-format off
constexpr TableSpec tableSpecs[] = {
    // sales
    {"customers", "customer", "sales", "id", KeyKind::Integer, "", 250000, true, "countries,customer_segments:segment_id,employees:account_manager_id", "first_name,last_name,email,phone,city,postal_code,created_at,updated_at,is_active"},
    {"customer_segments", "segment", "sales", "id", KeyKind::Integer, "", 12, false, "", "name,description,created_at"},
    {"customer_addresses", "address", "sales", "id", KeyKind::Integer, "", 310000, true, "customers,countries", "street,city,postal_code,is_default,created_at"},
    {"orders", "order", "sales", "order_id", KeyKind::Integer, "", 1200000, true, "customers,stores,sales_channels,currencies,employees:sales_rep_id,promotions,customer_addresses:shipping_address_id", "order_date,status,total_amount,tax_amount,created_at,updated_at"},
    {"order_items", "order_item", "sales", "id", KeyKind::Integer, "", 3600000, true, "orders,products,product_variants,warehouses", "quantity,unit_price,discount_amount,created_at"},
    {"order_status_history", "order_status_event", "sales", "id", KeyKind::Integer, "", 4100000, false, "orders,employees:changed_by", "status,changed_at"},
    {"returns", "return", "sales", "rma_number", KeyKind::Code, "RMA", 61000, true, "orders,customers", "reason,status,created_at"},
    {"return_items", "return_item", "sales", "id", KeyKind::Integer, "", 88000, false, "returns,order_items,products", "quantity,reason,created_at"},
    {"carts", "cart", "sales", "id", KeyKind::Uuid, "", 900000, false, "customers,web_sessions", "status,created_at,updated_at"},
    {"cart_items", "cart_item", "sales", "id", KeyKind::Uuid, "", 2100000, false, "carts,products", "quantity,unit_price,created_at"},
    {"wishlists", "wishlist", "sales", "id", KeyKind::Integer, "", 75000, false, "customers,products", "created_at"},
    {"product_reviews", "review", "sales", "id", KeyKind::Integer, "", 140000, false, "products,customers,orders", "rating,title,body,created_at"},
    {"promotions", "promotion", "sales", "promo_code", KeyKind::Code, "PROMO", 800, true, "campaigns,currencies", "name,discount_pct,starts_at,ends_at,is_active"},
    {"coupons", "coupon", "sales", "coupon_code", KeyKind::Code, "CPN", 42000, false, "promotions", "max_uses,expires_at,is_active"},
    {"coupon_redemptions", "coupon_redemption", "sales", "id", KeyKind::Integer, "", 96000, false, "coupons,orders,customers", "redeemed_at,discount_amount"},
    {"sales_channels", "sales_channel", "sales", "id", KeyKind::Integer, "", 8, true, "", "name,description,is_active"},
    {"stores", "store", "sales", "store_id", KeyKind::Integer, "", 420, true, "regions,countries,employees:manager_id", "name,city,postal_code,opened_at,is_active"},
    {"store_visits", "store_visit", "sales", "id", KeyKind::Integer, "", 2700000, false, "stores,customers", "visited_at,duration_minutes"},
    {"gift_cards", "gift_card", "sales", "card_number", KeyKind::Code, "GC", 31000, false, "customers,currencies,orders:issued_order_id", "balance,expires_at,status"},
    // catalog
    {"products", "product", "catalog", "id", KeyKind::Integer, "", 48000, true, "product_categories,brands,suppliers", "sku,name,description,unit_price,weight_kg,is_active,created_at,updated_at"},
    {"product_categories", "category", "catalog", "id", KeyKind::Integer, "", 320, true, "", "name,description,created_at"},
    {"brands", "brand", "catalog", "id", KeyKind::Integer, "", 900, false, "suppliers,countries", "name,url,created_at"},
    {"product_variants", "variant", "catalog", "variant_id", KeyKind::Integer, "", 130000, false, "products", "sku,color,size,unit_price,is_active"},
    {"product_prices", "product_price", "catalog", "id", KeyKind::Integer, "", 410000, false, "products,currencies,price_lists", "unit_price,valid_from,valid_to"},
    {"price_lists", "price_list", "catalog", "id", KeyKind::Integer, "", 40, false, "currencies,sales_channels", "name,valid_from,valid_to,is_active"},
    {"inventory_levels", "inventory_level", "catalog", "id", KeyKind::Integer, "", 520000, false, "products,warehouses,product_variants", "quantity_on_hand,reorder_point,updated_at"},
    {"product_images", "product_image", "catalog", "id", KeyKind::Uuid, "", 160000, false, "products", "url,width_px,height_px,created_at"},
    // finance
    {"invoices", "invoice", "finance", "invoice_number", KeyKind::Code, "INV", 950000, true, "customers,orders,currencies,payment_terms,customer_addresses:billing_address_id", "invoice_date,due_date,total_amount,tax_amount,status,created_at"},
    {"invoice_lines", "invoice_line", "finance", "id", KeyKind::Integer, "", 2900000, true, "invoices,products,tax_rates,order_items", "quantity,unit_price,line_amount,description"},
    {"payments", "payment", "finance", "id", KeyKind::Uuid, "", 1000000, true, "invoices,customers,payment_methods,currencies", "amount,paid_at,status,reference,created_at"},
    {"refunds", "refund", "finance", "id", KeyKind::Uuid, "", 42000, false, "payments,returns,currencies", "amount,reason,status,created_at"},
    {"payment_methods", "payment_method", "finance", "id", KeyKind::Integer, "", 14, true, "", "name,is_active"},
    {"payment_terms", "payment_term", "finance", "term_code", KeyKind::Code, "NET", 9, false, "", "description,days_due"},
    {"tax_rates", "tax_rate", "finance", "id", KeyKind::Integer, "", 180, false, "countries,regions", "name,rate_pct,valid_from"},
    {"currencies", "currency", "finance", "code", KeyKind::Currency, "", 32, true, "", "name,symbol,decimals"},
    {"exchange_rates", "exchange_rate", "finance", "id", KeyKind::Integer, "", 88000, false, "currencies:from_currency_code,currencies:to_currency_code", "rate,rate_date"},
    {"gl_accounts", "gl_account", "finance", "account_number", KeyKind::Code, "GL", 640, false, "", "name,account_type,is_active"},
    {"journal_entries", "journal_entry", "finance", "id", KeyKind::Integer, "", 5400000, false, "gl_accounts,cost_centers,currencies,employees:posted_by", "amount,posted_at,description"},
    {"cost_centers", "cost_center", "finance", "cost_center_code", KeyKind::Code, "CC", 85, false, "departments", "name,is_active"},
    {"budgets", "budget", "finance", "id", KeyKind::Integer, "", 2600, false, "cost_centers,gl_accounts", "amount,fiscal_year"},
    {"expense_reports", "expense_report", "finance", "id", KeyKind::Integer, "", 19000, false, "employees,cost_centers,currencies", "total_amount,status,submitted_at"},
    {"expense_items", "expense_item", "finance", "id", KeyKind::Integer, "", 91000, false, "expense_reports,gl_accounts", "amount,description,incurred_on"},
    {"credit_notes", "credit_note", "finance", "credit_note_number", KeyKind::Code, "CN", 23000, false, "invoices,customers,currencies", "amount,reason,created_at"},
    {"subscriptions", "subscription", "finance", "id", KeyKind::Uuid, "", 64000, false, "customers,plans,payment_methods", "status,starts_at,ends_at,created_at"},
    {"plans", "plan", "finance", "plan_code", KeyKind::Code, "PLAN", 18, false, "currencies", "name,unit_price,billing_interval,is_active"},
    {"subscription_events", "subscription_event", "finance", "id", KeyKind::Integer, "", 410000, false, "subscriptions,plans", "event_type,occurred_at"},
    // logistics
    {"shipments", "shipment", "logistics", "id", KeyKind::Integer, "", 1100000, true, "orders,carriers,warehouses,customer_addresses:address_id", "tracking_number,shipped_at,delivered_at,status,weight_kg"},
    {"shipment_items", "shipment_item", "logistics", "id", KeyKind::Integer, "", 3300000, false, "shipments,order_items,products", "quantity"},
    {"carriers", "carrier", "logistics", "carrier_code", KeyKind::Code, "CAR", 24, true, "countries", "name,url,phone"},
    {"warehouses", "warehouse", "logistics", "id", KeyKind::Integer, "", 36, true, "countries,regions,employees:manager_id", "name,city,postal_code,capacity_units"},
    {"suppliers", "supplier", "logistics", "id", KeyKind::Integer, "", 2400, true, "countries,currencies,payment_terms", "name,email,phone,city,created_at,is_active"},
    {"supplier_contacts", "supplier_contact", "logistics", "id", KeyKind::Integer, "", 6100, false, "suppliers", "first_name,last_name,email,phone"},
    {"purchase_orders", "purchase_order", "logistics", "po_number", KeyKind::Code, "PO", 120000, true, "suppliers,warehouses,employees:buyer_id,currencies", "order_date,status,total_amount,expected_at"},
    {"purchase_order_lines", "purchase_order_line", "logistics", "id", KeyKind::Integer, "", 610000, false, "purchase_orders,products", "quantity,unit_price,line_amount"},
    {"deliveries", "delivery", "logistics", "id", KeyKind::Integer, "", 1050000, false, "shipments,drivers,routes", "status,delivered_at"},
    {"drivers", "driver", "logistics", "id", KeyKind::Integer, "", 900, false, "carriers,regions", "first_name,last_name,phone,is_active"},
    {"routes", "route", "logistics", "route_code", KeyKind::Code, "RT", 1400, false, "carriers,regions,warehouses", "name,distance_km"},
    {"stock_movements", "stock_movement", "logistics", "id", KeyKind::Integer, "", 7200000, false, "products,warehouses,purchase_orders,employees:moved_by", "quantity,moved_at,reason"},
    // hr
    {"employees", "employee", "hr", "employee_id", KeyKind::Integer, "", 5200, true, "departments,job_titles,offices", "first_name,last_name,email,phone,hired_at,is_active"},
    {"departments", "department", "hr", "id", KeyKind::Integer, "", 60, true, "cost_centers,offices", "name,created_at"},
    {"job_titles", "job_title", "hr", "id", KeyKind::Integer, "", 240, false, "departments", "title,description"},
    {"offices", "office", "hr", "id", KeyKind::Integer, "", 28, false, "countries,regions", "name,city,postal_code,opened_at"},
    {"payroll_runs", "payroll_run", "hr", "id", KeyKind::Integer, "", 96, false, "currencies", "period_start,period_end,status"},
    {"payslips", "payslip", "hr", "id", KeyKind::Uuid, "", 480000, false, "payroll_runs,employees,currencies", "gross_amount,net_amount,paid_at"},
    {"time_entries", "time_entry", "hr", "id", KeyKind::Integer, "", 2300000, false, "employees,projects", "hours,worked_on,description"},
    {"projects", "project", "hr", "project_code", KeyKind::Code, "PRJ", 1300, false, "departments,customers,employees:owner_id", "name,status,starts_at,ends_at"},
    {"leave_requests", "leave_request", "hr", "id", KeyKind::Integer, "", 41000, false, "employees,employees:approver_id", "starts_at,ends_at,status,reason"},
    // marketing
    {"campaigns", "campaign", "marketing", "id", KeyKind::Integer, "", 1900, true, "marketing_channels,employees:owner_id,currencies", "name,status,starts_at,ends_at,budget_amount"},
    {"marketing_channels", "channel", "marketing", "id", KeyKind::Integer, "", 16, false, "", "name,description"},
    {"email_sends", "email_send", "marketing", "id", KeyKind::Uuid, "", 8800000, false, "campaigns,customers", "email,sent_at,status"},
    {"email_events", "email_event", "marketing", "id", KeyKind::Uuid, "", 12000000, false, "email_sends,campaigns", "event_type,occurred_at,url"},
    {"web_sessions", "session", "marketing", "session_id", KeyKind::Uuid, "", 6400000, true, "customers,devices", "started_at,ended_at,ip_address,url"},
    {"page_views", "page_view", "marketing", "id", KeyKind::Integer, "", 31000000, false, "web_sessions,products", "url,viewed_at,duration_seconds"},
    {"leads", "lead", "marketing", "id", KeyKind::Integer, "", 88000, false, "campaigns,employees:owner_id,countries", "first_name,last_name,email,phone,status,created_at"},
    {"opportunities", "opportunity", "marketing", "id", KeyKind::Integer, "", 21000, false, "leads,customers,employees:owner_id,currencies", "name,amount,stage,closes_at"},
    {"ad_spend", "ad_spend_entry", "marketing", "id", KeyKind::Integer, "", 52000, false, "campaigns,marketing_channels,currencies", "amount,spend_date"},
    {"devices", "device", "marketing", "id", KeyKind::Uuid, "", 1800000, false, "customers", "device_type,os,created_at"},
    // support
    {"support_tickets", "ticket", "support", "ticket_id", KeyKind::Integer, "", 230000, true, "customers,employees:assignee_id,products,orders,sla_policies", "subject,priority,status,created_at,resolved_at"},
    {"ticket_comments", "ticket_comment", "support", "id", KeyKind::Integer, "", 910000, false, "support_tickets,employees:author_id", "body,created_at"},
    {"sla_policies", "sla_policy", "support", "id", KeyKind::Integer, "", 6, false, "", "name,response_hours,resolution_hours"},
    {"ticket_tags", "ticket_tag", "support", "id", KeyKind::Integer, "", 340000, false, "support_tickets", "name"},
    // reference
    {"countries", "country", "reference", "iso_code", KeyKind::Country, "", 60, true, "currencies", "name,calling_code"},
    {"regions", "region", "reference", "id", KeyKind::Integer, "", 180, true, "countries", "name,timezone"},
    {"cities", "city", "reference", "id", KeyKind::Integer, "", 4200, false, "regions,countries", "name,postal_code,population"},
    // platform
    {"users", "user", "platform", "id", KeyKind::Integer, "", 7400, false, "employees,roles", "email,created_at,last_login_at,is_active"},
    {"roles", "role", "platform", "id", KeyKind::Integer, "", 14, false, "", "name,description"},
    {"audit_log", "audit_event", "platform", "id", KeyKind::Integer, "", 9600000, false, "users,employees:actor_id", "event_type,occurred_at,ip_address"},
    {"api_keys", "api_key", "platform", "id", KeyKind::Uuid, "", 310, false, "users", "name,created_at,expires_at"},
};
// clang-format on

constexpr int tableSpecCount = int(std::size(tableSpecs));

const char* const firstNames[] = {"Anna",  "Liam",  "Zoë",     "José", "Søren",  "Małgorzata",
                                  "Chen",  "Aisha", "Mateo",   "Yuki", "Ingrid", "Oluwaseun",
                                  "Priya", "Lukas", "Camille", "Noah", "Fatima", "Élodie"};
const char* const lastNames[] = {"Müller",    "García",  "Nowak",   "Okafor",   "Tanaka", "Smith",
                                 "Ødegaard",  "Rossi",   "Dubois",  "Kowalski", "Silva",  "Nguyen",
                                 "Johansson", "O'Brien", "Schmidt", "Haddad"};
const char* const asciiNames[] = {"anna",  "liam",  "zoe",  "jose",   "soren", "gosia", "chen",
                                  "aisha", "mateo", "yuki", "ingrid", "seun",  "priya", "lukas"};
const char* const asciiSurnames[] = {"mueller", "garcia",   "nowak",    "okafor",
                                     "tanaka",  "smith",    "odegaard", "rossi",
                                     "dubois",  "kowalski", "silva",    "nguyen"};
const char* const cities[] = {"Zürich", "São Paulo", "Kraków",  "Lyon",  "Osaka",
                              "Austin", "Toronto",   "Nairobi", "Malmö", "Berlin",
                              "Porto",  "Lagos",     "Chicago", "Köln"};
const char* const streets[] = {"Hauptstraße 12",    "Rua Augusta 140",  "12 High Street",
                               "ul. Floriańska 7",  "Rue de la Paix 3", "4-2-8 Shibakoen",
                               "221B Baker Street", "Storgatan 19"};
const char* const postalCodes[] = {"10115", "SW1A 1AA", "00-950",   "01310-100", "75002",
                                   "8001",  "M5V 2T6",  "100-0005", "211 22",    "60614"};
const char* const countryCodes[] = {"DE", "FR", "US", "GB", "PL", "BR", "JP", "CH",
                                    "SE", "NG", "IN", "CA", "ES", "IT", "NL"};
const char* const currencyCodes[] = {"EUR", "USD", "GBP", "PLN", "BRL", "JPY",
                                     "CHF", "SEK", "NGN", "INR", "CAD"};
const char* const labelWords[] = {"Nordic", "Alpine",    "Coastal", "Urban",  "Golden",
                                  "Silver", "Evergreen", "Summit",  "Harbor", "Prairie"};
const char* const labelNouns[] = {"Supplies", "Outfitters", "Traders", "Goods",  "Works",
                                  "Partners", "Logistics",  "Foods",   "Studio", "Market"};
const char* const subjects[] = {"Order arrived damaged",
                                "Question about my invoice",
                                "Cannot reset password",
                                "Request for a bulk discount",
                                "Wrong size delivered",
                                "Delivery delayed again",
                                "Rückerstattung noch nicht erhalten"};
const char* const sentences[] = {
    "Customer prefers delivery after 5 pm.", "Lieferung an die Rückseite des Gebäudes.",
    "Entregar na portaria, por favor.",      "Fragile — handle with care.",
    "Migrated from the legacy ERP in 2024.", "Seasonal item; restock before November.",
    "Zamówienie hurtowe, faktura VAT."};
const char* const reviewers[] = {"a.kowalski@example.com", "m.tanaka@example.com",
                                 "s.odegaard@example.com", "j.garcia@example.com"};
const char* const manualNotes[] = {
    "Confirmed with the finance team.", "Legacy key, documented in the ERP handbook.",
    "Added after the March data audit.", "Join used by the revenue dashboard."};

struct Category
{
    const char* column;
    std::initializer_list<const char*> values;
};

const Category categories[] = {
    {"status", {"active", "pending", "completed", "cancelled", "on_hold", "refunded"}},
    {"stage",
     {"prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"}},
    {"priority", {"low", "normal", "high", "urgent"}},
    {"reason",
     {"damaged", "wrong_item", "not_as_described", "late_delivery", "no_longer_needed", "other"}},
    {"event_type", {"created", "updated", "opened", "clicked", "bounced", "renewed", "cancelled"}},
    {"account_type", {"asset", "liability", "equity", "revenue", "expense"}},
    {"device_type", {"desktop", "mobile", "tablet"}},
    {"os", {"Windows", "macOS", "iOS", "Android", "Linux"}},
    {"color", {"black", "white", "navy", "red", "forest green", "sand"}},
    {"size", {"XS", "S", "M", "L", "XL", "XXL"}},
    {"billing_interval", {"monthly", "quarterly", "yearly"}},
    {"timezone",
     {"Europe/Berlin", "America/Sao_Paulo", "Asia/Tokyo", "America/Chicago", "Europe/Warsaw",
      "Africa/Lagos"}},
    {"symbol", {"€", "$", "£", "zł", "R$", "¥", "kr"}},
    {"calling_code", {"+49", "+33", "+1", "+44", "+48", "+55", "+81"}},
};

// What a column's values look like; decides its profile, its samples and which links are plausible.
enum class ValueKind : quint8 {
    Key, // a table key or a reference to one: the key's KeyKind says more
    Timestamp,
    Date,
    Flag,
    Money,
    Ratio,
    Count,
    Measure,
    Email,
    Phone,
    FirstName,
    LastName,
    City,
    Street,
    PostalCode,
    Url,
    IpAddress,
    Category,
    Label,
    Text,
    Code, // sku, tracking numbers, references
};

struct AttributeProfile
{
    ValueKind kind;
    const char* dataType;
    const char* semanticType;
    const char* role;
    const char* description; // %1: the entity
};

bool endsWith(QStringView text, const char* suffix)
{
    return text.endsWith(QLatin1StringView(suffix));
}

AttributeProfile profileFor(QStringView name)
{
    const auto is = [name](const char* text) { return name == QLatin1StringView(text); };
    if (endsWith(name, "_at"))
        return {ValueKind::Timestamp, "TIMESTAMP", "timestamp", "timestamp", ""};
    if (endsWith(name, "_on") || endsWith(name, "_date") || name.startsWith(u"valid_") ||
        name.startsWith(u"period_"))
        return {ValueKind::Date, "DATE", "date", "timestamp", ""};
    if (name.startsWith(u"is_"))
        return {ValueKind::Flag, "BOOLEAN", "boolean_flag", "attribute", ""};
    if (endsWith(name, "amount") || is("unit_price") || is("balance"))
        return {ValueKind::Money, "NUMERIC(12,2)", "currency_amount", "measure",
                "Amount in the %1's currency."};
    if (endsWith(name, "_pct") || is("rate"))
        return {ValueKind::Ratio, "NUMERIC(9,6)", "ratio", "measure", ""};
    if (name.startsWith(u"quantity") || endsWith(name, "_units") || is("max_uses") ||
        is("days_due") || is("decimals") || is("hours") || endsWith(name, "_px") ||
        endsWith(name, "_hours") || endsWith(name, "_minutes") || endsWith(name, "_seconds") ||
        is("population") || is("reorder_point") || is("fiscal_year") || is("rating"))
        return {ValueKind::Count, "INTEGER", "quantity", "measure", ""};
    if (is("weight_kg") || is("distance_km"))
        return {ValueKind::Measure, "NUMERIC(10,3)", "measurement", "measure", ""};
    if (is("email"))
        return {ValueKind::Email, "VARCHAR(254)", "email", "attribute",
                "Contact e-mail of the %1 (personal data)."};
    if (is("phone"))
        return {ValueKind::Phone, "VARCHAR(32)", "phone_number", "attribute", ""};
    if (is("first_name"))
        return {ValueKind::FirstName, "VARCHAR(80)", "person_name", "attribute", ""};
    if (is("last_name"))
        return {ValueKind::LastName, "VARCHAR(80)", "person_name", "attribute", ""};
    if (is("city"))
        return {ValueKind::City, "VARCHAR(100)", "city", "dimension", ""};
    if (is("street"))
        return {ValueKind::Street, "VARCHAR(200)", "street_address", "attribute", ""};
    if (is("postal_code"))
        return {ValueKind::PostalCode, "VARCHAR(12)", "postal_code", "dimension", ""};
    if (is("url"))
        return {ValueKind::Url, "VARCHAR(2048)", "url", "attribute", ""};
    if (is("ip_address"))
        return {ValueKind::IpAddress, "VARCHAR(45)", "ip_address", "attribute", ""};
    if (is("sku") || is("tracking_number") || is("reference"))
        return {ValueKind::Code, "VARCHAR(40)", "identifier", "attribute",
                "Business identifier of the %1."};
    if (is("name") || is("title") || is("subject"))
        return {ValueKind::Label, "VARCHAR(200)", "entity_name", "attribute",
                "Display name of the %1."};
    if (is("description") || is("body"))
        return {ValueKind::Text, "TEXT", "free_text", "attribute", ""};
    return {ValueKind::Category, "VARCHAR(32)", "category", "dimension", ""};
}

const Category* categoryFor(QStringView name)
{
    for (const Category& category : categories) {
        if (name == QLatin1StringView(category.column))
            return &category;
    }
    return &categories[0];
}

const char* keyDataType(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Integer:
        return "BIGINT";
    case KeyKind::Code:
        return "VARCHAR(24)";
    case KeyKind::Uuid:
        return "UUID";
    case KeyKind::Country:
        return "CHAR(2)";
    case KeyKind::Currency:
        return "CHAR(3)";
    }
    return "VARCHAR";
}

QString utf8(const char* text)
{
    return QString::fromUtf8(text);
}

} // namespace

// ---------------------------------------------------------------------------------------------

struct DemoDataGenerator::Model
{
    struct Table
    {
        QString name;
        QString entity;
        QString schema;
        QUuid id;
        KeyKind key = KeyKind::Integer;
        QString codePrefix;
        qint64 rows = 0;
        bool declaresConstraints = false; // its foreign keys are formal constraints
        int keyColumn = -1;               // index into columns
    };
    struct Column
    {
        int table = -1;
        QString name;
        QUuid id;
        ValueKind kind = ValueKind::Key;
        KeyKind key = KeyKind::Integer; // for keys and references
        QString codePrefix;             // for Code keys and references to them
        int parentTable = -1;           // for references whose parent is in the warehouse
        bool isPrimaryKey = false;
        bool isReference = false;
        qint64 distinct = 0;
        QString dataType;
    };
    // A link the inference pipeline could suggest: from a column to a column of another table.
    struct Candidate
    {
        int fromColumn;
        int toTable;
        int toColumn;
    };

    std::vector<Table> tables;
    std::vector<Column> columns;
    std::vector<Candidate> trueLinks; // a reference to its parent's key
    // Two references to the same parent (invoices.customer_id -> orders.customer_id): the values
    // overlap and the names match, so they score high, yet they are joins, not foreign keys. The
    // hard cases of a review.
    std::vector<Candidate> siblingLinks;
    std::vector<Candidate> otherLinks; // plausible on some signal, mostly wrong
    quint64 trueQuota = 0;             // how many of the rows are true links
    quint64 siblingQuota = 0;
};

namespace {

using Model = DemoDataGenerator::Model;

// A value of a column, the way a profiler would sample it.
QJsonValue sampleValue(SplitMix64& rng, const Model::Column& column, const Model::Table& table)
{
    if (column.kind == ValueKind::Key) {
        const qint64 range = std::max<qint64>(table.rows, 10);
        switch (column.key) {
        case KeyKind::Integer:
            return QJsonValue(qint64(1000 + rng.below(int(std::min<qint64>(range, 1 << 30)))));
        case KeyKind::Code:
            return QJsonValue(QString(
                column.codePrefix % u'-' %
                QString::number(100000 + rng.below(int(std::min<qint64>(range * 3, 899999))))));
        case KeyKind::Uuid:
            return QJsonValue(uuidFrom(rng.next(), rng.next()).toString(QUuid::WithoutBraces));
        case KeyKind::Country:
            return QJsonValue(QLatin1StringView(rng.pick(countryCodes)));
        case KeyKind::Currency:
            return QJsonValue(QLatin1StringView(rng.pick(currencyCodes)));
        }
    }
    const QStringView name = column.name;
    switch (column.kind) {
    case ValueKind::Timestamp:
        return formatTimestamp(1704067200000LL + qint64(rng.below(730 * 86400)) * 1000);
    case ValueKind::Date:
        return formatTimestamp(1704067200000LL + qint64(rng.below(900)) * 86400000).left(10);
    case ValueKind::Flag:
        return rng.chance(0.8);
    case ValueKind::Money:
        return rounded(rng.uniform(1.0, 2500.0), 2);
    case ValueKind::Ratio:
        return rounded(rng.uniform(0.0, name == u"rate" ? 5.0 : 30.0), 4);
    case ValueKind::Count:
        return qint64(name == u"rating" ? 1 + rng.below(5)
                                        : rng.below(name == u"population" ? 4000000 : 500));
    case ValueKind::Measure:
        return rounded(rng.uniform(0.1, 80.0), 3);
    case ValueKind::Email:
        return QString(QLatin1StringView(rng.pick(asciiNames)) % u'.' %
                       QLatin1StringView(rng.pick(asciiSurnames)) % u"@example.com");
    case ValueKind::Phone:
        return QString(u"+49 30 5550 " % QString::number(1000 + rng.below(9000)));
    case ValueKind::FirstName:
        return utf8(rng.pick(firstNames));
    case ValueKind::LastName:
        return utf8(rng.pick(lastNames));
    case ValueKind::City:
        return utf8(rng.pick(cities));
    case ValueKind::Street:
        return utf8(rng.pick(streets));
    case ValueKind::PostalCode:
        return QLatin1StringView(rng.pick(postalCodes));
    case ValueKind::Url:
        return QString(u"https://shop.example.com/" % table.entity % u'/' %
                       QString::number(10000 + rng.below(90000)));
    case ValueKind::IpAddress:
        return QString(u"203.0.113." % QString::number(1 + rng.below(254)));
    case ValueKind::Category: {
        const Category* category = categoryFor(name);
        return utf8(category->values.begin()[rng.below(int(category->values.size()))]);
    }
    case ValueKind::Label:
        if (name == u"subject")
            return utf8(rng.pick(subjects));
        return QString(QLatin1StringView(rng.pick(labelWords)) % u' ' %
                       QLatin1StringView(rng.pick(labelNouns)));
    case ValueKind::Text:
        return utf8(rng.pick(sentences));
    case ValueKind::Code:
        return QString(name.left(3).toString().toUpper() % u'-' %
                       QString::number(100000 + rng.below(900000)));
    case ValueKind::Key:
        break;
    }
    return QJsonValue();
}

QJsonObject columnJson(const Model& model, const Model::Column& column, quint64 seed)
{
    const Model::Table& table = model.tables[size_t(column.table)];
    SplitMix64 rng(hashText(seed ^ 0xc01u, QString(table.name % u'.' % column.name)));
    const AttributeProfile profile = column.kind == ValueKind::Key
                                         ? AttributeProfile{ValueKind::Key, "", "", "", ""}
                                         : profileFor(column.name);

    QJsonObject object;
    object.insert("id"_L1, column.id.toString(QUuid::WithoutBraces));
    object.insert("name"_L1, column.name);
    object.insert("table_id"_L1, table.id.toString(QUuid::WithoutBraces));
    object.insert("table_name"_L1, table.name);
    object.insert("data_type"_L1, column.dataType);
    object.insert("is_primary_key"_L1, column.isPrimaryKey);

    double nullPct = 0;
    if (!column.isPrimaryKey) {
        const bool optional = column.isReference ? rng.chance(0.3) : rng.chance(0.45);
        nullPct = optional
                      ? rounded(rng.uniform(0.0, column.kind == ValueKind::Text ? 45.0 : 12.0), 2)
                      : 0.0;
    }
    object.insert("is_nullable"_L1, !column.isPrimaryKey && nullPct > 0);

    QString semanticType;
    QString role;
    QString description;
    std::optional<qint64> enumCardinality;
    if (column.isPrimaryKey) {
        semanticType = column.key == KeyKind::Country    ? u"country_code"_s
                       : column.key == KeyKind::Currency ? u"currency_code"_s
                                                         : u"identifier"_s;
        role = u"primary_key"_s;
        description = u"Primary key of the "_s % table.entity % u'.';
        if (column.key == KeyKind::Country || column.key == KeyKind::Currency)
            enumCardinality = column.distinct;
    } else if (column.isReference) {
        semanticType = rng.chance(0.7) ? u"foreign_key"_s : u"identifier"_s;
        role = u"foreign_key"_s;
        if (column.parentTable >= 0)
            description = u"The "_s % model.tables[size_t(column.parentTable)].entity % u" this " %
                          table.entity % u" refers to.";
    } else {
        semanticType = QLatin1StringView(profile.semanticType);
        role = QLatin1StringView(profile.role);
        if (column.name == u"created_at")
            description = u"When the "_s % table.entity % u" was created.";
        else if (column.name == u"updated_at")
            description = u"When the "_s % table.entity % u" last changed.";
        else if (QByteArrayView(profile.description).contains("%1"))
            description = QString::fromUtf8(profile.description).arg(table.entity);
        if (column.kind == ValueKind::Category)
            enumCardinality = qint64(categoryFor(column.name)->values.size());
        else if (column.kind == ValueKind::Flag)
            enumCardinality = 2;
        else if (column.name == u"rating")
            enumCardinality = 5;
    }
    object.insert("semantic_type"_L1, semanticType);
    object.insert("semantic_type_confidence"_L1, column.isPrimaryKey
                                                     ? rounded(rng.uniform(0.95, 0.995), 3)
                                                     : rounded(rng.uniform(0.62, 0.99), 3));

    QJsonArray samples;
    const int sampleCount = 3 + rng.below(3);
    for (int i = 0; i < sampleCount; ++i)
        samples.append(sampleValue(rng, column,
                                   column.isReference && column.parentTable >= 0
                                       ? model.tables[size_t(column.parentTable)]
                                       : table));
    object.insert("sample_values"_L1, samples);

    const double nonNullRows = double(table.rows) * (1.0 - nullPct / 100.0);
    const qint64 distinct =
        enumCardinality
            ? *enumCardinality
            : std::max<qint64>(1, std::min<qint64>(column.distinct, qint64(nonNullRows)));
    object.insert("null_pct"_L1, nullPct);
    object.insert("distinct_pct"_L1,
                  rounded(100.0 * double(distinct) / std::max(1.0, nonNullRows), 3));
    object.insert("approx_distinct_count"_L1, distinct);
    object.insert("enum_cardinality"_L1,
                  enumCardinality ? QJsonValue(*enumCardinality) : QJsonValue(QJsonValue::Null));
    const double entropy = std::log2(std::max<double>(2.0, double(distinct))) *
                           (enumCardinality ? rng.uniform(0.7, 0.98) : rng.uniform(0.9, 1.0));
    object.insert("entropy"_L1, rounded(entropy, 3));
    object.insert("role"_L1, role);
    // Profilers leave many descriptions empty; the reviewer should see both.
    object.insert("description"_L1, description.isEmpty() || rng.chance(0.2)
                                        ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(description));
    return object;
}

// ---------------------------------------------------------------------------------------------
// Name similarity as a pipeline computes it: Jaro-Winkler over the names, and the overlap of
// their tokens ("customer_id" vs "customers.id").

double jaroWinkler(QStringView a, QStringView b)
{
    if (a.isEmpty() || b.isEmpty())
        return a.isEmpty() && b.isEmpty() ? 1.0 : 0.0;
    constexpr qsizetype MaxLength = 64;
    a = a.left(MaxLength);
    b = b.left(MaxLength);
    const qsizetype window = std::max<qsizetype>(0, std::max(a.size(), b.size()) / 2 - 1);
    std::array<bool, MaxLength> matchedA{};
    std::array<bool, MaxLength> matchedB{};
    int matches = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const qsizetype from = std::max<qsizetype>(0, i - window);
        const qsizetype to = std::min(b.size(), i + window + 1);
        for (qsizetype j = from; j < to; ++j) {
            if (!matchedB[size_t(j)] && a[i] == b[j]) {
                matchedA[size_t(i)] = matchedB[size_t(j)] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0)
        return 0.0;
    int transpositions = 0;
    for (qsizetype i = 0, j = 0; i < a.size(); ++i) {
        if (!matchedA[size_t(i)])
            continue;
        while (!matchedB[size_t(j)])
            ++j;
        if (a[i] != b[j])
            ++transpositions;
        ++j;
    }
    const double m = matches;
    const double jaro =
        (m / double(a.size()) + m / double(b.size()) + (m - transpositions / 2.0) / m) / 3.0;
    int prefix = 0;
    while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    return jaro + prefix * 0.1 * (1.0 - jaro);
}

QStringList tokensOf(QStringView text)
{
    QStringList tokens;
    for (const QStringView part : text.split(u'_', Qt::SkipEmptyParts)) {
        // "customers" and "customer" are the same token to a reviewer.
        if (part.size() > 3 && part.endsWith(u's') && !part.endsWith(u"ss"))
            tokens.append(part.chopped(1).toString());
        else
            tokens.append(part.toString());
    }
    tokens.removeDuplicates();
    return tokens;
}

double tokenOverlap(const QStringList& a, const QStringList& b)
{
    if (a.isEmpty() && b.isEmpty())
        return 0.0;
    int common = 0;
    for (const QString& token : a)
        common += b.contains(token) ? 1 : 0;
    return double(common) / double(a.size() + b.size() - common);
}

// ---------------------------------------------------------------------------------------------
// A compact JSON writer for the evidence: member order as written, numbers as short as they
// round-trip, so that the bytes are the same on every run.

class JsonWriter
{
public:
    // std::string rather than QByteArray: a million records append some hundred pieces each, and
    // std::string's push_back is the cheaper of the two by far.
    explicit JsonWriter(std::string& out)
        : m_out(out)
    {}
    JsonWriter& beginObject() { return open('{'); }
    JsonWriter& endObject() { return close('}'); }
    JsonWriter& beginArray() { return open('['); }
    JsonWriter& endArray() { return close(']'); }
    JsonWriter& key(const char* name)
    {
        separate();
        m_out += '"';
        m_out += name;
        m_out += "\":";
        m_afterKey = true;
        return *this;
    }
    JsonWriter& number(double value)
    {
        separate();
        char text[32];
        const auto result = std::to_chars(text, text + sizeof text, value);
        m_out.append(text, size_t(result.ptr - text));
        return *this;
    }
    JsonWriter& integer(qint64 value)
    {
        separate();
        char text[24];
        const auto result = std::to_chars(text, text + sizeof text, value);
        m_out.append(text, size_t(result.ptr - text));
        return *this;
    }
    JsonWriter& boolean(bool value)
    {
        separate();
        m_out += value ? "true" : "false";
        return *this;
    }
    JsonWriter& string(QStringView text)
    {
        separate();
        m_out += '"';
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t c = text[i].unicode();
            if (c >= 0x80) {
                // Rare in the demo: convert the rest as a whole.
                appendEscaped(text.mid(i).toUtf8());
                break;
            }
            appendEscaped(char(c));
        }
        m_out += '"';
        return *this;
    }
    JsonWriter& string(QLatin1StringView text) { return string(QString(text)); }
    JsonWriter& value(const QJsonValue& value)
    {
        if (value.isString())
            return string(value.toString());
        if (value.isBool())
            return boolean(value.toBool());
        if (value.isDouble()) {
            const double number = value.toDouble();
            return number == std::floor(number) && std::abs(number) < 1e15 ? integer(qint64(number))
                                                                           : this->number(number);
        }
        separate();
        m_out += "null";
        return *this;
    }

private:
    JsonWriter& open(char bracket)
    {
        separate();
        m_out += bracket;
        Q_ASSERT(m_depth + 1 < int(m_first.size()));
        m_first[size_t(++m_depth)] = true;
        return *this;
    }
    JsonWriter& close(char bracket)
    {
        m_out += bracket;
        --m_depth;
        return *this;
    }
    void separate()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (m_depth >= 0) {
            if (!m_first[size_t(m_depth)])
                m_out += ',';
            m_first[size_t(m_depth)] = false;
        }
    }
    void appendEscaped(char c)
    {
        static constexpr char hex[] = "0123456789abcdef";
        if (c == '"' || c == '\\') {
            m_out += '\\';
            m_out += c;
        } else if (uchar(c) < 0x20) {
            m_out += "\\u00";
            m_out += hex[uchar(c) >> 4];
            m_out += hex[uchar(c) & 0xf];
        } else {
            m_out += c;
        }
    }
    void appendEscaped(const QByteArray& utf8)
    {
        for (const char c : utf8)
            appendEscaped(c);
    }

    std::string& m_out;
    std::array<bool, 16> m_first{};
    int m_depth = -1;
    bool m_afterKey = false;
};

// Where the time stamps of the demo fall: a pipeline that ran through 2026.
constexpr qint64 FirstCreatedMs = 1767600000000LL; // 2026-01-05T08:00:00Z
constexpr qint64 CreatedSpanMs = 240LL * 86400000; // into early September
constexpr qint64 ExportedAtMs = 1795770000000LL;   // 2026-11-27T09:00:00Z, after every update

} // namespace

// ---------------------------------------------------------------------------------------------

DemoDataGenerator::DemoDataGenerator(const Options& options)
    : m_options(options)
{
    auto model = std::make_shared<Model>();
    const quint64 seed = options.seed;
    SplitMix64 rng(splitMix(seed ^ 0x7ab1e5ULL));

    // Which tables: the core of every warehouse, then a seed-chosen mix, more for longer lists.
    const int wanted = std::clamp(40 + std::max(0, options.relationshipCount) / 250, 40, 80);
    std::vector<int> optional;
    std::vector<bool> chosen(size_t(tableSpecCount), false);
    int chosenCount = 0;
    for (int i = 0; i < tableSpecCount; ++i) {
        if (tableSpecs[i].core) {
            chosen[size_t(i)] = true;
            ++chosenCount;
        } else {
            optional.push_back(i);
        }
    }
    for (size_t i = optional.size(); i > 1; --i)
        std::swap(optional[i - 1], optional[size_t(rng.below(int(i)))]);
    for (size_t i = 0; i < optional.size() && chosenCount < wanted; ++i, ++chosenCount)
        chosen[size_t(optional[i])] = true;

    std::vector<int> tableOfSpec(size_t(tableSpecCount), -1);
    for (int i = 0; i < tableSpecCount; ++i) {
        if (!chosen[size_t(i)])
            continue;
        const TableSpec& spec = tableSpecs[i];
        Model::Table table;
        table.name = QLatin1StringView(spec.name);
        table.entity = QLatin1StringView(spec.entity);
        table.schema = QLatin1StringView(spec.schema);
        table.id = uuidFromText(seed, QString(u"table:" % table.name));
        table.key = spec.key;
        table.codePrefix = QLatin1StringView(spec.codePrefix);
        table.rows = std::max<qint64>(2, qint64(double(spec.rows) * rng.uniform(0.6, 1.6)));
        if (spec.key == KeyKind::Country)
            table.rows = std::size(countryCodes);
        else if (spec.key == KeyKind::Currency)
            table.rows = std::size(currencyCodes);
        table.declaresConstraints = rng.chance(0.35);
        tableOfSpec[size_t(i)] = int(model->tables.size());
        model->tables.push_back(table);
    }
    const auto specIndex = [](QStringView name) {
        for (int i = 0; i < tableSpecCount; ++i) {
            if (name == QLatin1StringView(tableSpecs[i].name))
                return i;
        }
        return -1;
    };

    // Abbreviations real schemas use, which make name similarity lower than a plain "_id".
    static const std::pair<const char*, const char*> abbreviations[] = {
        {"customer_id", "cust_id"}, {"product_id", "prod_id"}, {"employee_id", "emp_id"},
        {"supplier_id", "supp_id"}, {"warehouse_id", "wh_id"}, {"department_id", "dept_id"},
        {"category_id", "cat_id"},  {"order_id", "ord_id"},    {"invoice_number", "inv_no"},
    };

    for (int specNumber = 0; specNumber < tableSpecCount; ++specNumber) {
        const int tableIndex = tableOfSpec[size_t(specNumber)];
        if (tableIndex < 0)
            continue;
        const TableSpec& spec = tableSpecs[specNumber];
        Model::Table& table = model->tables[size_t(tableIndex)];
        QStringList usedNames;
        const auto addColumn = [&](Model::Column column) {
            column.table = tableIndex;
            column.id = uuidFromText(seed, QString(u"column:" % table.name % u'.' % column.name));
            usedNames.append(column.name);
            model->columns.push_back(std::move(column));
            return int(model->columns.size()) - 1;
        };

        Model::Column key;
        key.name = QLatin1StringView(spec.keyColumn);
        key.key = spec.key;
        key.codePrefix = table.codePrefix;
        key.isPrimaryKey = true;
        key.distinct = table.rows;
        key.dataType = QLatin1StringView(keyDataType(spec.key));
        table.keyColumn = addColumn(key);

        for (const QString& reference :
             QString::fromLatin1(spec.references).split(u',', Qt::SkipEmptyParts)) {
            const QString parentName = reference.section(u':', 0, 0);
            const int parentSpec = specIndex(parentName);
            if (parentSpec < 0 || parentSpec == specNumber)
                continue; // self references are not suggestions between tables
            const TableSpec& parent = tableSpecs[parentSpec];
            const QLatin1StringView parentKey(parent.keyColumn);
            const QLatin1StringView parentEntity(parent.entity);
            QString name = reference.section(u':', 1, 1);
            if (name.isEmpty()) {
                if (parentKey == "id"_L1)
                    name = parentEntity % u"_id";
                else if (parentKey == "code"_L1 || parentKey == "iso_code"_L1)
                    name = parentEntity % u"_code";
                else
                    name = parentKey;
                for (const auto& [full, shortName] : abbreviations) {
                    if (name == QLatin1StringView(full) && rng.chance(0.15))
                        name = QLatin1StringView(shortName);
                }
            }
            if (usedNames.contains(name))
                continue;
            Model::Column column;
            column.name = name;
            column.key = parent.key;
            column.codePrefix = QLatin1StringView(parent.codePrefix);
            column.parentTable = tableOfSpec[size_t(parentSpec)];
            column.isReference = true;
            const qint64 parentRows = column.parentTable >= 0
                                          ? model->tables[size_t(column.parentTable)].rows
                                          : parent.rows;
            column.distinct = std::max<qint64>(
                1, qint64(double(std::min(parentRows, table.rows)) * rng.uniform(0.35, 1.0)));
            column.dataType = QLatin1StringView(keyDataType(parent.key));
            addColumn(column);
        }

        for (const QString& attribute :
             QString::fromLatin1(spec.attributes).split(u',', Qt::SkipEmptyParts)) {
            if (usedNames.contains(attribute))
                continue;
            const AttributeProfile profile = profileFor(attribute);
            Model::Column column;
            column.name = attribute;
            column.kind = profile.kind;
            column.dataType = QLatin1StringView(profile.dataType);
            const double spread = profile.kind == ValueKind::Email ||
                                          profile.kind == ValueKind::Code ||
                                          profile.kind == ValueKind::Timestamp
                                      ? rng.uniform(0.85, 1.0)
                                      : rng.uniform(0.05, 0.7);
            column.distinct = std::max<qint64>(1, qint64(double(table.rows) * spread));
            addColumn(column);
        }
    }

    // Candidate links. True ones: a reference to its parent's key.
    for (int c = 0; c < int(model->columns.size()); ++c) {
        const Model::Column& column = model->columns[size_t(c)];
        if (column.isReference && column.parentTable >= 0)
            model->trueLinks.push_back(
                {c, column.parentTable, model->tables[size_t(column.parentTable)].keyColumn});
    }
    // Plausible but mostly wrong: a reference to another table's key, keys of overlapping integer
    // ranges, and columns of the same kind of value (e-mail to e-mail, city to city).
    for (int c = 0; c < int(model->columns.size()); ++c) {
        const Model::Column& column = model->columns[size_t(c)];
        for (int t = 0; t < int(model->tables.size()); ++t) {
            const Model::Table& target = model->tables[size_t(t)];
            if (t == column.table || t == column.parentTable)
                continue;
            if (column.isReference || (column.isPrimaryKey && column.key == KeyKind::Integer &&
                                       target.key == KeyKind::Integer))
                model->otherLinks.push_back({c, t, target.keyColumn});
        }
        const bool linkable = column.kind == ValueKind::Email || column.kind == ValueKind::City ||
                              column.kind == ValueKind::PostalCode ||
                              column.kind == ValueKind::Phone || column.kind == ValueKind::Code;
        if (!linkable)
            continue;
        for (int other = 0; other < int(model->columns.size()); ++other) {
            const Model::Column& candidate = model->columns[size_t(other)];
            if (candidate.table != column.table && candidate.name == column.name)
                model->otherLinks.push_back({c, candidate.table, other});
        }
    }
    for (int c = 0; c < int(model->columns.size()); ++c) {
        const Model::Column& column = model->columns[size_t(c)];
        if (!column.isReference || column.parentTable < 0)
            continue;
        for (int other = 0; other < int(model->columns.size()); ++other) {
            const Model::Column& sibling = model->columns[size_t(other)];
            if (sibling.isReference && sibling.parentTable == column.parentTable &&
                sibling.table != column.table)
                model->siblingLinks.push_back({c, sibling.table, other});
        }
    }
    for (auto* links : {&model->trueLinks, &model->siblingLinks, &model->otherLinks}) {
        for (size_t i = links->size(); i > 1; --i)
            std::swap((*links)[i - 1], (*links)[size_t(rng.below(int(i)))]);
    }
    const quint64 count = quint64(std::max(0, options.relationshipCount));
    model->trueQuota = std::min<quint64>(model->trueLinks.size(), count * 35 / 100);
    model->siblingQuota = std::min<quint64>(model->siblingLinks.size(), count * 25 / 100);

    for (const Model::Column& column : model->columns)
        m_columns.append(ColumnInfo::fromJson(columnJson(*model, column, seed)));
    for (const Model::Table& table : model->tables)
        m_tables.append({table.id, table.name});
    m_model = std::move(model);
}

Relationship DemoDataGenerator::relationship(int index) const
{
    const Model& model = *m_model;
    const quint64 seed = m_options.seed;
    const quint64 count = quint64(std::max(1, m_options.relationshipCount));
    const auto position = quint64(std::max(0, index));
    const quint64 slot = permute(position % count, count, splitMix(seed ^ 0x51075ULL));
    SplitMix64 rng(splitMix(seed ^ splitMix(position + 0x12345ULL)));

    const bool isTrueLink = slot < model.trueQuota;
    const bool isSibling = !isTrueLink && slot < model.trueQuota + model.siblingQuota;
    const quint64 otherSlot = slot - std::min(slot, model.trueQuota + model.siblingQuota);
    const Model::Candidate& candidate =
        isTrueLink  ? model.trueLinks[size_t(slot)]
        : isSibling ? model.siblingLinks[size_t(slot - model.trueQuota)]
                    : model.otherLinks[size_t(otherSlot % model.otherLinks.size())];
    const Model::Column& from = model.columns[size_t(candidate.fromColumn)];
    const Model::Table& fromTable = model.tables[size_t(from.table)];
    const Model::Table& toTable = model.tables[size_t(candidate.toTable)];
    const Model::Column& to = model.columns[size_t(candidate.toColumn)];

    Relationship relationship;
    relationship.id =
        uuidFrom(splitMix(seed * 0x2545f4914f6cdd1dULL + position), splitMix(position ^ ~seed));
    relationship.integrationSourceId = m_options.integrationSourceId;
    relationship.fromColumnId = from.id;
    relationship.toTableId = toTable.id;
    relationship.toColumnName = to.name;

    // Type: formal constraints where the source declares them, a few links drawn by hand.
    RelationshipType type = RelationshipType::Inferred;
    if (isTrueLink) {
        const double roll = rng.unit();
        if (fromTable.declaresConstraints && roll < 0.8)
            type = RelationshipType::ForeignKey;
        else if (roll > 0.93)
            type = RelationshipType::Manual;
    }

    // The signals a pipeline would measure, and a score made of them.
    const QString qualifiedTarget = to.name.startsWith(toTable.entity) || !to.isPrimaryKey
                                        ? to.name
                                        : QString(toTable.entity % u'_' % to.name);
    const double nameSimilarity = rounded(jaroWinkler(from.name, qualifiedTarget), 3);
    const QStringList fromTokens = tokensOf(from.name);
    const QStringList toTokens = tokensOf(QString(toTable.name % u'_' % to.name));
    const double overlap = rounded(tokenOverlap(fromTokens, toTokens), 3);
    const bool typesCompatible =
        from.dataType == to.dataType || (from.kind != ValueKind::Key && from.kind == to.kind);
    double containment = 0;
    if (isTrueLink)
        containment = rng.chance(0.06) ? rng.uniform(0.6, 0.88) : rng.uniform(0.94, 1.0);
    else if (isSibling)
        containment = rng.uniform(0.55, 0.97); // both hold keys of the same parent
    else if (typesCompatible && from.key == KeyKind::Integer && from.kind == ValueKind::Key)
        containment = rng.uniform(0.05, 0.75); // integer sequences overlap by accident
    else if (typesCompatible)
        containment = rng.uniform(0.0, 0.45);
    else
        containment = rng.uniform(0.0, 0.03);
    containment = rounded(containment, 3);
    const qint64 fromDistinct = std::max<qint64>(1, from.distinct);
    const qint64 toDistinct = std::max<qint64>(1, to.distinct);
    const double ratio = rounded(double(fromDistinct) / double(toDistinct), 3);
    const double cardinalityFit = rounded(fromDistinct <= toDistinct ? 1.0 : 1.0 / ratio, 3);
    const double combined = 0.30 * nameSimilarity + 0.55 * containment + 0.15 * cardinalityFit;

    double score = std::clamp(0.3 + 0.69 * combined + rng.uniform(-0.03, 0.03), 0.30, 0.99);
    score = rounded(score, 4);
    bool hasScore = true;
    if (type == RelationshipType::ForeignKey)
        score = 1.0;
    if (type == RelationshipType::Manual ||
        (type == RelationshipType::Inferred && rng.chance(0.01)))
        hasScore = false; // drawn by hand, or the pipeline could not score it
    // A reviewer must notice scores the API promises never to send; the demo has a couple.
    const bool forcedHigh = count >= 50 && slot == count - 1;
    const bool forcedLow = count >= 50 && slot == count - 2;
    if (forcedHigh || forcedLow) {
        score = forcedHigh ? 1.07 : -0.02;
        hasScore = true;
        type = RelationshipType::Inferred;
    } else if (type == RelationshipType::Inferred && rng.chance(1.0 / 2500)) {
        score = rng.chance(0.5) ? rounded(rng.uniform(1.01, 1.2), 2)
                                : -rounded(rng.uniform(0.01, 0.05), 2);
        hasScore = true;
    }
    relationship.type = type;
    relationship.typeText = typeName(type);
    relationship.hasScore = hasScore;
    relationship.score = hasScore ? score : std::numeric_limits<double>::quiet_NaN();

    // Status: mostly untouched; high scores get approved, low ones rejected.
    RelationshipStatus status = RelationshipStatus::Suggested;
    const double decision = rng.unit();
    if (type == RelationshipType::Manual) {
        status = RelationshipStatus::Approved;
    } else if (type == RelationshipType::ForeignKey) {
        status = decision < 0.7 ? RelationshipStatus::Approved : RelationshipStatus::Suggested;
    } else {
        const double approve = score > 0.9 ? 0.35 : score > 0.75 ? 0.18 : 0.04;
        const double reject = score < 0.5 ? 0.25 : score < 0.7 ? 0.1 : 0.02;
        if (decision < approve)
            status = RelationshipStatus::Approved;
        else if (decision > 1.0 - reject)
            status = RelationshipStatus::Rejected;
    }
    relationship.status = status;
    relationship.statusText = statusName(status);

    // Times: created in the order of the list through the pipeline's runs, updated on a decision.
    qint64 created = FirstCreatedMs +
                     qint64(double(CreatedSpanMs) * double(position) / double(count)) +
                     qint64(rng.below(3600 * 1000));
    if (rng.chance(0.5))
        created -= created % 1000;
    qint64 updated = created;
    if (status != RelationshipStatus::Suggested)
        updated += qint64(rng.uniform(3600.0, 40 * 86400.0) * 1000);
    else if (rng.chance(0.3))
        updated += qint64(rng.uniform(3600.0, 10 * 86400.0) * 1000);
    if (updated != created && rng.chance(0.5))
        updated -= updated % 1000;
    relationship.createdAtMs = created;
    relationship.updatedAtMs = updated;
    relationship.createdAtText = formatTimestamp(created);
    relationship.updatedAtText = formatTimestamp(updated);
    const QString runId = u"run-" % relationship.createdAtText.left(10);

    // Evidence: its shape depends on who made the link and which model version scored it.
    std::string evidence;
    evidence.reserve(1024);
    JsonWriter json(evidence);
    const int sampledRows = int(std::min<qint64>(fromTable.rows, 5000));
    const auto valueOverlap = [&](bool withExamples) {
        json.key("value_overlap").beginObject();
        json.key("containment").number(containment);
        json.key("sampled_rows").integer(sampledRows);
        json.key("matched").integer(qint64(std::llround(containment * sampledRows)));
        if (withExamples && containment < 0.999) {
            json.key("unmatched_examples").beginArray();
            for (int i = 0; i < 2; ++i)
                json.value(sampleValue(rng, from, fromTable));
            json.endArray();
        }
        json.endObject();
    };
    const auto cardinality = [&](bool withKind) {
        json.key("cardinality").beginObject();
        json.key("from_distinct").integer(fromDistinct);
        json.key("to_distinct").integer(toDistinct);
        json.key("ratio").number(ratio);
        if (withKind)
            json.key("kind").string(from.isPrimaryKey ? u"one_to_one"
                                    : ratio > 1.0     ? u"many_to_many"
                                                      : u"many_to_one");
        json.endObject();
    };
    const Model::Table& valueTable =
        from.parentTable >= 0 ? model.tables[size_t(from.parentTable)] : fromTable;

    if (type == RelationshipType::Manual) {
        if (rng.chance(0.5)) {
            json.beginObject();
            json.key("created_by").string(QLatin1StringView(rng.pick(reviewers)));
            json.key("note").string(QLatin1StringView(rng.pick(manualNotes)));
            json.endObject();
        } else {
            evidence = "{}";
        }
    } else if (type == RelationshipType::ForeignKey) {
        json.beginObject();
        json.key("constraint").beginObject();
        json.key("name").string(QString(u"fk_" % fromTable.name % u'_' % from.name));
        json.key("schema").string(fromTable.schema);
        json.key("on_delete").string(rng.chance(0.7) ? u"NO ACTION" : u"CASCADE");
        json.key("validated").boolean(rng.chance(0.9));
        json.endObject();
        valueOverlap(false);
        cardinality(false);
        json.key("model").beginObject();
        json.key("name").string(u"humm-catalog-sync");
        json.key("version").string(u"1.4.0");
        json.endObject();
        json.endObject();
    } else if (rng.chance(0.03)) {
        evidence = "{}"; // scored before evidence was recorded
    } else if (created < FirstCreatedMs + CreatedSpanMs * 15 / 100) {
        // The previous model wrote a flat name similarity and fewer signals.
        json.beginObject();
        json.key("name_similarity").number(nameSimilarity);
        valueOverlap(false);
        cardinality(false);
        json.key("model").beginObject();
        json.key("name").string(u"humm-rel-v2");
        json.key("version").string(u"2.9.4");
        json.endObject();
        json.endObject();
    } else {
        json.beginObject();
        json.key("name_similarity").beginObject();
        json.key("jaro_winkler").number(nameSimilarity);
        json.key("token_overlap").number(overlap);
        json.key("from_tokens").beginArray();
        for (const QString& token : fromTokens)
            json.string(token);
        json.endArray();
        json.key("to_tokens").beginArray();
        for (const QString& token : toTokens)
            json.string(token);
        json.endArray();
        json.endObject();
        if (rng.chance(0.05))
            json.key("value_overlap").value(QJsonValue()); // sampling skipped: table too large
        else
            valueOverlap(true);
        cardinality(true);
        json.key("type_compatibility").boolean(typesCompatible);
        if (!rng.chance(0.1)) {
            json.key("types").beginObject();
            json.key("from").string(from.dataType);
            json.key("to").string(to.dataType);
            json.endObject();
        }
        if (!rng.chance(0.08)) {
            json.key("samples").beginArray();
            for (int i = 0; i < 5; ++i)
                json.value(sampleValue(rng, from, valueTable));
            json.endArray();
        }
        json.key("model").beginObject();
        json.key("name").string(u"humm-rel-v3");
        json.key("version").string(created < FirstCreatedMs + CreatedSpanMs / 2 ? u"3.1.0"
                                                                                : u"3.2.1");
        json.key("run_id").string(runId);
        json.endObject();
        json.key("signals").beginArray();
        const auto signal = [&json](const char* name, double weight, double value) {
            json.beginObject();
            json.key("name").string(QLatin1StringView(name));
            json.key("weight").number(weight);
            json.key("value").number(value);
            json.endObject();
        };
        signal("name_similarity", 0.3, nameSimilarity);
        signal("value_containment", 0.55, containment);
        signal("cardinality_fit", 0.15, cardinalityFit);
        json.endArray();
        if (containment < 0.9 && isTrueLink) {
            json.key("warnings").beginArray();
            json.string(u"orphan values in sample");
            json.endArray();
        }
        json.endObject();
    }
    relationship.evidenceJson = QByteArray(evidence.data(), qsizetype(evidence.size()));

    if (m_options.unknownMemberEvery > 0 &&
        (position + 1) % quint64(m_options.unknownMemberEvery) == 0) {
        std::string extra;
        JsonWriter extraJson(extra);
        extraJson.key("pipeline_run_id").string(runId);
        extra += ',';
        JsonWriter hints(extra);
        hints.key("review_hints").beginObject();
        hints.key("priority").string(score > 0.9 ? u"low" : u"high");
        hints.key("reasons").beginArray().string(u"name mismatch").endArray();
        hints.endObject();
        relationship.extraMembersJson = QByteArray(extra.data(), qsizetype(extra.size()));
    }
    return relationship;
}

ColumnCatalog DemoDataGenerator::catalog() const
{
    ColumnCatalog catalog;
    if (!m_options.withCatalog)
        return catalog;
    for (const auto& [id, name] : m_tables)
        catalog.setTableName(id, name);
    for (const ColumnInfo& column : m_columns)
        catalog.insertColumn(column);
    return catalog;
}

QString DemoDataGenerator::exportedAt()
{
    return formatTimestamp(ExportedAtMs);
}

namespace {

constexpr qsizetype FlushThreshold = 4 * 1024 * 1024;

bool writeRelationships(const DemoDataGenerator& generator, QIODevice* device, QByteArray& buffer)
{
    const int count = std::max(0, generator.options().relationshipCount);
    // The same layout as RelationshipWriter::writeArray, so that a re-export is byte-identical.
    buffer.append(count == 0 ? "[" : "[\n");
    for (int index = 0; index < count; ++index) {
        if (index > 0)
            buffer.append(",\n");
        buffer.append(RelationshipWriter::recordJson(generator.relationship(index)));
        if (buffer.size() >= FlushThreshold) {
            if (device->write(buffer) != buffer.size())
                return false;
            buffer.resize(0); // keeps the capacity, unlike clear()
        }
    }
    buffer.append(count == 0 ? "]" : "\n]");
    return true;
}

} // namespace

bool DemoDataGenerator::writeList(QIODevice* device) const
{
    if (!device || !device->isWritable())
        return false;
    QByteArray buffer;
    buffer.reserve(FlushThreshold + 64 * 1024);
    if (!writeRelationships(*this, device, buffer))
        return false;
    buffer.append('\n');
    return device->write(buffer) == buffer.size();
}

bool DemoDataGenerator::writeSnapshot(QIODevice* device, const QString& baseUrl) const
{
    if (!device || !device->isWritable())
        return false;
    QByteArray buffer;
    buffer.reserve(FlushThreshold + 64 * 1024);
    const QJsonObject source{
        {"base_url"_L1, baseUrl},
        {"integration_source_id"_L1, m_options.integrationSourceId.toString(QUuid::WithoutBraces)},
        {"scope"_L1, QJsonObject()},
    };
    buffer.append("{\"format\":\"relreview-snapshot\",\"version\":1,\"exported_at\":\"");
    buffer.append(exportedAt().toLatin1());
    buffer.append("\",\"source\":");
    buffer.append(QJsonDocument(source).toJson(QJsonDocument::Compact));
    buffer.append(",\n\"relationships\":");
    if (!writeRelationships(*this, device, buffer))
        return false;

    const ColumnCatalog columns = catalog();
    const auto appendArray = [&buffer](const char* name, const QJsonArray& array) {
        buffer.append(",\n\"").append(name).append("\":[");
        for (qsizetype i = 0; i < array.size(); ++i) {
            buffer.append(i == 0 ? "\n" : ",\n");
            buffer.append(QJsonDocument(array.at(i).toObject()).toJson(QJsonDocument::Compact));
        }
        buffer.append(array.isEmpty() ? "]" : "\n]");
    };
    appendArray("columns", columns.columnsJson());
    appendArray("tables", columns.tablesJson());
    buffer.append("}\n");
    return device->write(buffer) == buffer.size();
}

RelationshipRows DemoDataGenerator::rows() const
{
    RelationshipRows rows;
    rows.reserve(m_options.relationshipCount);
    for (int i = 0; i < m_options.relationshipCount; ++i)
        rows.append(relationship(i));
    return rows;
}

DemoDataGenerator DemoDataGenerator::ofCount(int count)
{
    Options options;
    options.relationshipCount = count;
    return DemoDataGenerator(options);
}
