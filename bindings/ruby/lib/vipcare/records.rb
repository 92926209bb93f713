# frozen_string_literal: true

module Vipcare
  # A reusable customer record: fill it (keywords or writers), hand it to
  # Engine#add_customer, fill it again. Every writer is checked by the
  # library at once, and fails with the record's own message.
  class Customer < Handle
    def initialize(id = nil, **fields)
      adopt(Handle.new_pointer(:vipcare_customer_new), :vipcare_customer_unref)
      fill(id, **fields)
    end

    # Clears the record and sets the fields given: birthday [month, day] (or
    # a Date, its year not kept), joined (Date or text), consent (channel
    # names), marketing_opt_out, advisor, override_tier, override_until.
    def fill(id = nil, birthday: nil, joined: nil, consent: [], marketing_opt_out: false, advisor: nil,
             override_tier: nil, override_until: nil)
      Native.vipcare_customer_clear(handle)
      self.id = id unless id.nil?
      self.birthday = birthday unless birthday.nil?
      self.joined = joined unless joined.nil?
      self.consent = consent unless consent.empty?
      self.marketing_opt_out = true if marketing_opt_out
      self.advisor = advisor unless advisor.nil?
      set_override(override_tier, override_until) unless override_tier.nil?
      self
    end

    def last_error
      Native.vipcare_customer_last_error(handle)
    end

    def id
      Native.vipcare_customer_id(handle)
    end

    def id=(value)
      check(Native.vipcare_customer_set_id(handle, Values.text(value, 'customer id')))
    end

    def birthday
      month = FFI::MemoryPointer.new(:int32)
      day = FFI::MemoryPointer.new(:int32)
      check(Native.vipcare_customer_birthday(handle, month, day)) == 1 ? [month.read_int32, day.read_int32] : nil
    end

    def birthday=(value)
      month, day = value.respond_to?(:month) ? [value.month, value.day] : (value || [0, 0])
      check(Native.vipcare_customer_set_birthday(handle, month, day))
    end

    def joined
      Values.date_from_c(Native.vipcare_customer_joined(handle))
    end

    def joined=(value)
      check(Native.vipcare_customer_set_joined(handle, Values.date_to_c(value, 'joined', optional: true)))
    end

    def consent
      Values::CHANNELS.by_value.select { |v, _| check(Native.vipcare_customer_consent(handle, v)) == 1 }.values
    end

    def consent=(channels)
      wanted = Array(channels).map { |c| Values::CHANNELS.value(c) }
      Values::CHANNELS.by_value.each_key do |v|
        check(Native.vipcare_customer_set_consent(handle, v, wanted.include?(v) ? 1 : 0))
      end
    end

    def marketing_opt_out=(value)
      check(Native.vipcare_customer_set_marketing_opt_out(handle, value ? 1 : 0))
    end

    def advisor=(value)
      check(Native.vipcare_customer_set_advisor(handle, Values.text(value, 'advisor', optional: true)))
    end

    def set_override(tier, until_date = nil)
      check(Native.vipcare_customer_set_override(handle, Values.text(tier, 'override tier', optional: true),
                                                 Values.date_to_c(until_date, 'override_until', optional: true)))
    end

    private

    def check(rc)
      Values.check(rc, handle, :vipcare_customer_last_error)
    end
  end

  # A reusable sale or refund record: id, customer, ts (Time or text), amount
  # (positive BigDecimal, Integer or text; the kind carries the sign), kind
  # ('sale' or 'refund'), store, category, original (a refund's sale id).
  class Transaction < Handle
    def initialize(id = nil, **fields)
      adopt(Handle.new_pointer(:vipcare_transaction_new), :vipcare_transaction_unref)
      fill(id, **fields)
    end

    def fill(id = nil, customer: nil, ts: nil, amount: nil, kind: 'sale', store: nil, category: nil, original: nil)
      h = handle
      Native.vipcare_transaction_clear(h)
      check(Native.vipcare_transaction_set_id(h, Values.text(id, 'transaction id'))) unless id.nil?
      check(Native.vipcare_transaction_set_customer(h, Values.text(customer, 'customer id'))) unless customer.nil?
      check(Native.vipcare_transaction_set_timestamp(h, Values.timestamp_to_c(ts, 'ts'))) unless ts.nil?
      check(Native.vipcare_transaction_set_amount(h, Values.money_to_c(amount, 'amount'))) unless amount.nil?
      self.kind = kind unless kind.to_s == 'sale'
      check(Native.vipcare_transaction_set_store(h, Values.text(store, 'store'))) unless store.nil?
      check(Native.vipcare_transaction_set_category(h, Values.text(category, 'category'))) unless category.nil?
      check(Native.vipcare_transaction_set_original(h, Values.text(original, 'original'))) unless original.nil?
      self
    end

    def kind=(value)
      kind = Values::TXN_KINDS.fetch(value.to_s) do
        Values.fail!(-104, "transaction kind: #{value.inspect} is neither 'sale' nor 'refund'")
      end
      check(Native.vipcare_transaction_set_kind(handle, kind))
    end

    def id
      Native.vipcare_transaction_id(handle)
    end

    def amount
      Values.money_from_c(Native.vipcare_transaction_amount(handle))
    end

    def last_error
      Native.vipcare_transaction_last_error(handle)
    end

    # The C pointer, for Engine#add_transactions.
    def pointer
      handle
    end

    private

    def check(rc)
      Values.check(rc, handle, :vipcare_transaction_last_error)
    end
  end
end
