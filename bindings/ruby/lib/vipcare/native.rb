# frozen_string_literal: true

# Loading libvipcare and declaring the C functions this binding calls.
#
# The library is loaded by its SONAME, libvipcare.so.1, through the dynamic
# loader's usual search (LD_LIBRARY_PATH, the ld.so cache, the system
# directories). VIPCARE_LIBRARY points at another copy: the path of the
# shared object (a build tree's build/lib/libvipcare.so.1) or of its
# directory. Every function is attached with its exact C types from
# include/vipcare/*.h.

require 'ffi'

module Vipcare
  # libvipcare.so.1 could not be loaded, or is too old for this binding.
  class LibraryNotFound < LoadError; end

  # The C functions, attached with their exact types.
  module Native
    extend FFI::Library

    # The version of the C API this binding was written against (1.0.0).
    WRITTEN_FOR = 10_000
    SONAME = 'libvipcare.so.1'
    ENVIRONMENT_VARIABLE = 'VIPCARE_LIBRARY'

    def self.library_path
      path = ENV[ENVIRONMENT_VARIABLE]
      return [SONAME, "the dynamic loader's search path"] if path.nil? || path.empty?

      path = File.join(path, SONAME) if File.directory?(path)
      [path, "#{ENVIRONMENT_VARIABLE}=#{ENV[ENVIRONMENT_VARIABLE]}"]
    end

    PATH, WHERE = library_path
    begin
      ffi_lib PATH
    rescue LoadError => e
      raise LibraryNotFound, "cannot load #{PATH} (looked in #{WHERE}): #{e.message}; build libvipcare " \
                             "and set #{ENVIRONMENT_VARIABLE} to the path of libvipcare.so.1, or install it"
    end

    # name => [argument types, return type]
    SIGNATURES = {
      vipcare_strerror: [[:int], :string],
      vipcare_free: [[:pointer], :void],
      vipcare_version_number: [[], :uint32],
      vipcare_version_string: [[], :string],
      vipcare_date_parse: [%i[pointer pointer size_t pointer size_t], :int],
      vipcare_date_format: [%i[pointer size_t int32], :int],
      vipcare_timestamp_parse: [%i[pointer pointer size_t pointer size_t], :int],
      vipcare_timestamp_format: [%i[pointer size_t int64], :int],
      vipcare_money_parse: [%i[pointer pointer size_t pointer size_t], :int],
      vipcare_money_format: [%i[pointer size_t int64], :int],
      vipcare_policy_new: [[:pointer], :int],
      vipcare_policy_copy: [%i[pointer pointer], :int],
      vipcare_policy_unref: [[:pointer], :pointer],
      vipcare_policy_last_error: [[:pointer], :string],
      vipcare_policy_load_file: [%i[pointer string], :int],
      vipcare_policy_load_string: [%i[pointer pointer size_t string], :int],
      vipcare_policy_to_text: [%i[pointer pointer], :int],
      vipcare_policy_validate: [[:pointer], :int],
      vipcare_policy_equal: [%i[pointer pointer], :int],
      vipcare_policy_name: [[:pointer], :string],
      vipcare_policy_set_name: [%i[pointer string], :int],
      vipcare_policy_get: [%i[pointer int pointer], :int],
      vipcare_policy_set: [%i[pointer int int64], :int],
      vipcare_setting_name: [[:int], :string],
      vipcare_policy_tier_count: [[:pointer], :size_t],
      vipcare_policy_tier_name: [%i[pointer int], :string],
      vipcare_policy_tier_rank: [%i[pointer string pointer], :int],
      vipcare_policy_tier_min_spend: [%i[pointer int pointer], :int],
      vipcare_policy_set_tier_min_spend: [%i[pointer int int int64], :int],
      vipcare_policy_benefit_count: [[:pointer], :size_t],
      vipcare_policy_benefit_id: [%i[pointer size_t], :string],
      vipcare_policy_benefit_name: [%i[pointer size_t], :string],
      vipcare_policy_care_marketing: [%i[pointer int], :int],
      vipcare_channel_name: [[:int], :string],
      vipcare_care_kind_name: [[:int], :string],
      vipcare_care_outcome_name: [[:int], :string],
      vipcare_reason_name: [[:int], :string],
      vipcare_decided_by_name: [[:int], :string],
      vipcare_customer_new: [[:pointer], :int],
      vipcare_customer_unref: [[:pointer], :pointer],
      vipcare_customer_last_error: [[:pointer], :string],
      vipcare_customer_clear: [[:pointer], :void],
      vipcare_customer_set_id: [%i[pointer string], :int],
      vipcare_customer_id: [[:pointer], :string],
      vipcare_customer_set_birthday: [%i[pointer int32 int32], :int],
      vipcare_customer_birthday: [%i[pointer pointer pointer], :int],
      vipcare_customer_set_joined: [%i[pointer int32], :int],
      vipcare_customer_joined: [[:pointer], :int32],
      vipcare_customer_set_consent: [%i[pointer int int], :int],
      vipcare_customer_consent: [%i[pointer int], :int],
      vipcare_customer_set_marketing_opt_out: [%i[pointer int], :int],
      vipcare_customer_set_advisor: [%i[pointer string], :int],
      vipcare_customer_set_override: [%i[pointer string int32], :int],
      vipcare_transaction_new: [[:pointer], :int],
      vipcare_transaction_unref: [[:pointer], :pointer],
      vipcare_transaction_last_error: [[:pointer], :string],
      vipcare_transaction_clear: [[:pointer], :void],
      vipcare_transaction_set_id: [%i[pointer string], :int],
      vipcare_transaction_set_customer: [%i[pointer string], :int],
      vipcare_transaction_set_timestamp: [%i[pointer int64], :int],
      vipcare_transaction_set_amount: [%i[pointer int64], :int],
      vipcare_transaction_set_kind: [%i[pointer int], :int],
      vipcare_transaction_set_store: [%i[pointer string], :int],
      vipcare_transaction_set_category: [%i[pointer string], :int],
      vipcare_transaction_set_original: [%i[pointer string], :int],
      vipcare_transaction_id: [[:pointer], :string],
      vipcare_transaction_amount: [[:pointer], :int64],
      vipcare_engine_new: [%i[pointer pointer], :int],
      vipcare_engine_unref: [[:pointer], :pointer],
      vipcare_engine_last_error: [[:pointer], :string],
      vipcare_engine_policy: [[:pointer], :pointer],
      vipcare_engine_add_customer: [%i[pointer pointer], :int],
      vipcare_engine_add_transaction: [%i[pointer pointer], :int],
      vipcare_engine_add_transactions: [%i[pointer pointer size_t pointer], :int],
      vipcare_engine_set_override: [%i[pointer string string int32], :int],
      vipcare_engine_customer_count: [[:pointer], :size_t],
      vipcare_engine_transaction_count: [[:pointer], :size_t],
      vipcare_score_new: [[:pointer], :int],
      vipcare_score_unref: [[:pointer], :pointer],
      vipcare_engine_score: [%i[pointer string int32 pointer], :int],
      vipcare_score_customer: [[:pointer], :string],
      vipcare_score_asof: [[:pointer], :int32],
      vipcare_score_is_member: [[:pointer], :int],
      vipcare_score_tier: [[:pointer], :int],
      vipcare_score_tier_name: [[:pointer], :string],
      vipcare_score_net_spend: [[:pointer], :int64],
      vipcare_score_visits: [[:pointer], :int32],
      vipcare_score_first_sale: [[:pointer], :int32],
      vipcare_score_last_sale: [[:pointer], :int32],
      vipcare_score_lifetime_spend: [[:pointer], :int64],
      vipcare_score_decided_by: [[:pointer], :int],
      vipcare_score_next_tier: [[:pointer], :int],
      vipcare_score_next_tier_name: [[:pointer], :string],
      vipcare_score_spend_to_next: [[:pointer], :int64],
      vipcare_score_visits_to_next: [[:pointer], :int32],
      vipcare_score_tier_expires: [[:pointer], :int32],
      vipcare_score_cursor_new: [%i[pointer pointer int32], :int],
      vipcare_score_cursor_unref: [[:pointer], :pointer],
      vipcare_score_cursor_next: [%i[pointer pointer], :int],
      vipcare_score_cursor_count: [[:pointer], :size_t],
      vipcare_checkout_new: [[:pointer], :int],
      vipcare_checkout_unref: [[:pointer], :pointer],
      vipcare_engine_checkout: [%i[pointer string int64 pointer], :int],
      vipcare_engine_check_benefit: [%i[pointer string string int64 pointer], :int],
      vipcare_engine_redeem: [%i[pointer string string string int64 int32 pointer], :int],
      vipcare_engine_redemption_count: [[:pointer], :size_t],
      vipcare_engine_points_balance: [%i[pointer string int32 pointer pointer pointer], :int],
      vipcare_engine_redeem_points: [%i[pointer string string int64 int64 string], :int],
      vipcare_engine_points_redemption_count: [[:pointer], :size_t],
      vipcare_checkout_count: [[:pointer], :size_t],
      vipcare_checkout_customer: [[:pointer], :string],
      vipcare_checkout_at: [[:pointer], :int64],
      vipcare_checkout_tier: [[:pointer], :int],
      vipcare_checkout_replayed: [[:pointer], :int],
      vipcare_checkout_benefit: [%i[pointer size_t], :string],
      vipcare_checkout_reason: [%i[pointer size_t], :int],
      vipcare_checkout_left: [%i[pointer size_t], :int32],
      vipcare_checkout_period_end: [%i[pointer size_t], :int32],
      vipcare_engine_record_care: [%i[pointer string int string int32 int], :int],
      vipcare_engine_care_count: [[:pointer], :size_t],
      vipcare_agenda_new: [%i[pointer pointer int32 int32], :int],
      vipcare_agenda_unref: [[:pointer], :pointer],
      vipcare_agenda_count: [[:pointer], :size_t],
      vipcare_agenda_due: [%i[pointer size_t], :int32],
      vipcare_agenda_customer: [%i[pointer size_t], :string],
      vipcare_agenda_kind: [%i[pointer size_t], :int],
      vipcare_agenda_occasion: [%i[pointer size_t], :string],
      vipcare_agenda_tier: [%i[pointer size_t], :int],
      vipcare_agenda_channel: [%i[pointer size_t], :int],
      vipcare_agenda_advisor: [%i[pointer size_t], :string],
      vipcare_agenda_suppressed: [%i[pointer int], :size_t],
      # kpi.h
      vipcare_kpi_state_new: [%i[pointer pointer int32 int32], :int],
      vipcare_kpi_state_unref: [[:pointer], :pointer],
      vipcare_kpi_state_last_error: [[:pointer], :string],
      vipcare_kpi_state_merge: [%i[pointer pointer], :int],
      vipcare_kpi_state_serialize: [%i[pointer pointer pointer], :int],
      vipcare_kpi_state_deserialize: [%i[pointer pointer size_t pointer size_t], :int],
      vipcare_kpi_state_to_json: [%i[pointer pointer], :int],
      vipcare_kpi_get: [%i[pointer int pointer pointer], :int],
      vipcare_kpi_from_name: [%i[string size_t], :int]
    }.freeze

    SIGNATURES.each do |name, (args, ret)|
      attach_function name, args, ret
    rescue FFI::NotFoundError
      raise LibraryNotFound, "#{PATH} (from #{WHERE}) has no function #{name}: it is not libvipcare 1.0.0 or later"
    end

    # Functions of later releases (symbol version nodes after VIPCARE_1.0)
    # are attached when the loaded library has them; new parts of the API
    # (KPIs, points...) plug in here.
    OPTIONAL_SIGNATURES = {}.freeze
    OPTIONAL = OPTIONAL_SIGNATURES.each_with_object([]) do |(name, (args, ret)), found|
      attach_function name, args, ret
      found << name
    rescue FFI::NotFoundError
      nil
    end.freeze

    VERSION_NUMBER = vipcare_version_number
    VERSION_STRING = vipcare_version_string
    if VERSION_NUMBER / 10_000 != WRITTEN_FOR / 10_000 || VERSION_NUMBER < WRITTEN_FOR
      raise LibraryNotFound, "#{PATH} is libvipcare #{VERSION_STRING}, but this binding needs 1.x at or above 1.0.0"
    end
  end
end
