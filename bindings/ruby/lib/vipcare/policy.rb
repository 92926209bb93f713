# frozen_string_literal: true

module Vipcare
  # A policy: tiers, benefits, care rules and settings. Policy.new is the
  # default policy; Policy.from_file / Policy.from_text read a policy file
  # over it; #to_text writes the whole effective policy. An engine copies
  # the policy it is made with.
  class Policy < Handle
    def initialize(pointer = nil)
      adopt(pointer || Handle.new_pointer(:vipcare_policy_new), :vipcare_policy_unref)
    end

    def self.from_file(path)
      new.tap { |p| p.load_file(path) }
    end

    def self.from_text(text, name = nil)
      new.tap { |p| p.load_text(text, name) }
    end

    def self.setting_names
      Values::SETTINGS.by_name.keys
    end

    def load_file(path)
      check(Native.vipcare_policy_load_file(handle, Values.text(path.to_s, 'path')))
      self
    end

    def load_text(text, name = nil)
      raw = text.b
      buf = FFI::MemoryPointer.new(:char, [raw.bytesize, 1].max)
      buf.put_bytes(0, raw)
      check(Native.vipcare_policy_load_string(handle, buf, raw.bytesize, Values.text(name, 'name', optional: true)))
      self
    end

    def to_text
      out = FFI::MemoryPointer.new(:pointer)
      rc = Native.vipcare_policy_to_text(handle, out)
      Values.fail!(rc, nil) if rc.negative?
      text = out.read_pointer
      begin
        text.read_string.force_encoding('UTF-8')
      ensure
        Native.vipcare_free(text)
      end
    end

    def validate
      check(Native.vipcare_policy_validate(handle))
      self
    end

    def copy
      Policy.new(Handle.new_pointer(:vipcare_policy_copy, handle))
    end

    def ==(other)
      other.is_a?(Policy) && Native.vipcare_policy_equal(handle, other.send(:handle)) == 1
    end

    def last_error
      Native.vipcare_policy_last_error(handle)
    end

    def name
      Native.vipcare_policy_name(handle)
    end

    def name=(value)
      check(Native.vipcare_policy_set_name(handle, Values.text(value, 'name')))
    end

    # A numeric setting by its policy-file key: policy['window_days'].
    def [](key)
      out = FFI::MemoryPointer.new(:int64)
      check(Native.vipcare_policy_get(handle, Values::SETTINGS.value(key), out))
      out.read_int64
    end

    def []=(key, value)
      raise TypeError, "setting #{key}: expected an Integer, got #{value.class}" unless value.is_a?(Integer)

      check(Native.vipcare_policy_set(handle, Values::SETTINGS.value(key), value))
    end

    def tiers
      h = handle
      (0...Native.vipcare_policy_tier_count(h)).map { |r| Native.vipcare_policy_tier_name(h, r) }
    end

    def tier_rank(tier)
      out = FFI::MemoryPointer.new(:int)
      check(Native.vipcare_policy_tier_rank(handle, Values.text(tier.to_s, 'tier'), out))
      out.read_int
    end

    # A tier's spend threshold as a BigDecimal, or nil.
    def tier_min_spend(tier)
      out = FFI::MemoryPointer.new(:int64)
      has = check(Native.vipcare_policy_tier_min_spend(handle, tier_rank(tier), out))
      has == 1 ? Values.money_from_c(out.read_int64) : nil
    end

    def set_tier_min_spend(tier, amount)
      rank = tier_rank(tier)
      if amount.nil?
        check(Native.vipcare_policy_set_tier_min_spend(handle, rank, 0, 0))
      else
        check(Native.vipcare_policy_set_tier_min_spend(handle, rank, 1, Values.money_to_c(amount, 'min_spend')))
      end
    end

    def benefits
      h = handle
      (0...Native.vipcare_policy_benefit_count(h)).map { |i| Native.vipcare_policy_benefit_id(h, i) }
    end

    def inspect
      closed? ? '#<Vipcare::Policy (closed)>' : "#<Vipcare::Policy #{name.inspect} tiers=#{tiers.join(',')}>"
    end

    private

    def check(rc)
      Values.check(rc, handle, :vipcare_policy_last_error)
    end
  end
end
